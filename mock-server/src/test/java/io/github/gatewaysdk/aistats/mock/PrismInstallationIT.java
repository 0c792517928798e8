package io.github.gatewaysdk.aistats.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Installing Prism into empty caches (these tests reach the npm registry), reusing it offline, and failing clearly. */
class PrismInstallationIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private final PrismInstallation installation = new PrismInstallation();
    private final NodeRuntime node = NodeRuntime.locate(System.getenv(), installation.minimumNode());

    /** npm that cannot download anything: a closed port on this machine as registry, an empty npm cache, no retries. */
    private static Map<String, String> withoutRegistry(Path emptyNpmCache) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("npm_config_registry", "http://127.0.0.1:9/");
        env.put("npm_config_cache", emptyNpmCache.toString());
        env.put("npm_config_fetch_retries", "0");
        return env;
    }

    private static List<String> namesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** Two builds at once, as two JVMs (the file lock works between processes) and two threads of this one. */
    @Test
    void concurrentBuildsInstallOnceAndLaterRunsNeedNoNetwork(@TempDir Path cache, @TempDir Path emptyNpmCache) throws Exception {
        ExecutorService builds = Executors.newFixedThreadPool(2);
        Path otherOutput = Files.createTempFile("other-build", ".log");
        Process otherBuild = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), InstallFromAnotherJvm.class.getName(), cache.toString())
                .redirectErrorStream(true).redirectOutput(otherOutput.toFile()).start();
        try {
            Future<Path> first = builds.submit(() -> installation.ensure(cache, node, System.getenv(), TIMEOUT));
            Future<Path> second = builds.submit(() -> installation.ensure(cache, node, System.getenv(), TIMEOUT));
            Path installed = first.get(5, TimeUnit.MINUTES);
            assertEquals(installed, second.get(5, TimeUnit.MINUTES));
            assertTrue(otherBuild.waitFor(5, TimeUnit.MINUTES), "the other JVM's install ended");
            String other = Files.readString(otherOutput);
            assertEquals(0, otherBuild.exitValue(), other);
            assertEquals(installed.toString(), other.strip().lines().reduce((a, b) -> b).orElse(""), other);
            assertEquals(List.of(".install.lock", installation.directoryName()), namesIn(cache), "one install, no leftovers");
            assertTrue(Files.isRegularFile(installed.resolve(PrismInstallation.PRISM_CLI)));

            // Reused with a registry npm cannot reach: any npm run would fail, so none ran.
            Map<String, String> offline = withoutRegistry(emptyNpmCache);
            assertEquals(installed, installation.ensure(cache, node, offline, TIMEOUT));
            try (AiStatsMock mock = AiStatsMock.start(AiStatsMock.Options.defaults().cacheDir(cache).environment(offline))) {
                assertTrue(mock.port() > 0);
            }
        } finally {
            builds.shutdownNow();
            otherBuild.descendants().forEach(ProcessHandle::destroyForcibly); // its npm, were it still installing
            otherBuild.destroyForcibly();
            Files.deleteIfExists(otherOutput);
        }
    }

    @Test
    void failedDownloadNamesTheCauseAndLeavesNothingThatLooksComplete(@TempDir Path cache, @TempDir Path emptyNpmCache) throws IOException {
        AiStatsMockException error = assertThrows(AiStatsMockException.class,
                () -> installation.ensure(cache, node, withoutRegistry(emptyNpmCache), TIMEOUT));

        assertTrue(error.getMessage().contains("failed: npm ci exited with"), error.getMessage());
        assertTrue(error.getMessage().contains("Check that npm reaches its registry"), error.getMessage());
        assertTrue(error.getMessage().contains("127.0.0.1:9"), "npm's own output names the registry: " + error.getMessage());
        assertNull(installation.completeIn(cache));
        assertEquals(List.of(".install.lock"), namesIn(cache), "no partial install left");
    }

    @Test
    void cacheThatCannotBeWrittenNamesTheSetting(@TempDir Path dir) throws IOException {
        // Tests run as root on some machines, where permissions do not stop a write: a file in the way does.
        Path file = Files.writeString(dir.resolve("a-file"), "");
        Path cache = file.resolve("cache");

        AiStatsMockException error = assertThrows(AiStatsMockException.class,
                () -> installation.ensure(cache, node, System.getenv(), TIMEOUT));

        assertTrue(error.getMessage().startsWith("Cannot write to the mock's cache " + cache), error.getMessage());
        assertTrue(error.getMessage().contains("set -Dai.stats.mock.cache (or AI_STATS_MOCK_CACHE) to a writable directory"),
                error.getMessage());
    }

    @Test
    void waitForAnotherBuildsInstallIsBounded(@TempDir Path cache) throws IOException {
        try (FileChannel channel = FileChannel.open(cache.resolve(".install.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = channel.lock()) {
            assertNotNull(held);
            long start = System.nanoTime();

            AiStatsMockException error = assertThrows(AiStatsMockException.class,
                    () -> installation.ensure(cache, node, System.getenv(), Duration.ofSeconds(1)));

            assertTrue(error.getMessage().startsWith("Another build has held the install lock"), error.getMessage());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
        }
    }
}
