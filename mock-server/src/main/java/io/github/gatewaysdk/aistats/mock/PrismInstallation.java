package io.github.gatewaysdk.aistats.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The pinned, patched Prism in the per-user cache: {@code <cache>/prism-cli-<version>-<hash>/}, where the hash covers
 * the files this jar ships for it (package.json, package-lock.json, patches). The first use installs it with
 * {@code npm ci} (patch-package runs as its postinstall); later uses find it complete and run no npm at all.
 *
 * <p>An install happens under a file lock in the cache, so concurrent builds wait for it (bounded), and in a
 * {@code .partial-*} folder that is renamed into place only once Prism and its patches are there: an install that
 * failed or was killed half way leaves nothing that looks complete.
 */
final class PrismInstallation {
    /** The jar's copy of the install files, listed in {@code files.txt} (a jar cannot list a folder). */
    static final String RESOURCES = "/io/github/gatewaysdk/aistats/mock/prism/";
    static final Path PRISM_CLI = Paths.get("node_modules", "@stoplight", "prism-cli", "dist", "index.js");
    /** A line of the port patch: proves patch-package ran. */
    private static final Path PATCHED_FILE = Paths.get("node_modules", "@stoplight", "prism-cli", "dist", "util", "createServer.js");
    private static final String PATCH_MARK = "ai-stats-mock-server patch";
    private static final String COMPLETE_MARKER = ".complete";
    private static final String LOCK_FILE = ".install.lock";

    private final List<String> files;
    private final String prismVersion;
    private final String minimumNode;
    private final String hash;

    PrismInstallation() {
        this.files = List.of(resourceText("files.txt").split("\\R")).stream().map(String::trim).filter(f -> !f.isEmpty()).toList();
        try {
            JsonNode packageJson = new ObjectMapper().readTree(resource("package.json"));
            this.prismVersion = packageJson.path("dependencies").path("@stoplight/prism-cli").asText();
            this.minimumNode = packageJson.path("engines").path("node").asText().replaceFirst("^>=\\s*", "");
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String file : files) {
                digest.update((file + "\n").getBytes(StandardCharsets.UTF_8));
                digest.update(resource(file));
            }
            this.hash = HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String minimumNode() {
        return minimumNode;
    }

    /** The folder name in the cache: changes whenever the pinned version, the lockfile or a patch changes. */
    String directoryName() {
        return "prism-cli-" + prismVersion + "-" + hash;
    }

    /** The default cache: {@code $XDG_CACHE_HOME/ai-stats-mock}, else {@code ~/.cache/ai-stats-mock}. */
    static Path defaultCache(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Paths.get(xdg) : Paths.get(System.getProperty("user.home"), ".cache");
        return base.resolve("ai-stats-mock");
    }

    /** The install in {@code cache}, if it is complete. */
    Path completeIn(Path cache) {
        Path dir = cache.resolve(directoryName());
        return Files.isRegularFile(dir.resolve(COMPLETE_MARKER)) ? dir : null;
    }

    /**
     * Returns the folder holding Prism's {@code node_modules}, installing it first if needed.
     * @param timeout how long to wait for another build's install, and how long npm may take
     */
    Path ensure(Path cache, NodeRuntime node, Map<String, String> env, Duration timeout) {
        Path done = completeIn(cache);
        if (done != null) {
            return done;
        }
        try {
            Files.createDirectories(cache);
        } catch (IOException e) {
            throw notWritable(cache, e);
        }
        try (FileChannel channel = FileChannel.open(cache.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = acquire(channel, cache, timeout)) {
            done = completeIn(cache); // another build may have finished it while this one waited
            return done != null ? done : install(cache, node, env, timeout);
        } catch (IOException e) {
            throw notWritable(cache, e);
        }
    }

    private static FileLock acquire(FileChannel channel, Path cache, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return lock;
                }
            } catch (OverlappingFileLockException heldInThisJvm) {
                // Another thread of this JVM is installing: wait like another build.
            }
            if (System.nanoTime() > deadline) {
                throw new AiStatsMockException("Another build has held the install lock " + cache.resolve(LOCK_FILE)
                        + " for more than " + timeout.toSeconds() + " s. If no other build is installing the mock, "
                        + "stop the process holding it; or use a different cache with -D" + Settings.CACHE.property() + ".");
            }
            try {
                Thread.sleep(200); // poll interval of the bounded wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AiStatsMockException("Interrupted while waiting for the install lock " + cache.resolve(LOCK_FILE), e);
            }
        }
    }

    private Path install(Path cache, NodeRuntime node, Map<String, String> env, Duration timeout) throws IOException {
        deleteLeftovers(cache); // under the lock: no other install is running, so these are from killed ones
        Path target = cache.resolve(directoryName());
        Path partial = cache.resolve(directoryName() + ".partial-" + ProcessHandle.current().pid());
        try {
            for (String file : files) {
                Path to = partial.resolve(file);
                Files.createDirectories(to.getParent());
                Files.write(to, resource(file));
            }
            System.out.println("AI Stats mock: installing Prism " + prismVersion + " into " + target + " (npm ci, once)");
            ProcessBuilder npmCi = new ProcessBuilder(node.npm().toString(), "ci", "--no-audit", "--no-fund")
                    .directory(partial.toFile());
            npmCi.environment().clear();
            npmCi.environment().putAll(env);
            Processes.Result result = Processes.run(npmCi, timeout, "npm ci (installing Prism into " + target + ")");
            if (result.exitCode() != 0) {
                throw new AiStatsMockException("Installing Prism " + prismVersion + " into " + target + " failed: npm ci exited with "
                        + result.exitCode() + ". Check that npm reaches its registry (npm config get registry) or run the "
                        + "build once with network access; nothing was kept in the cache." + result.quoted());
            }
            Path patched = partial.resolve(PATCHED_FILE);
            if (!Files.isRegularFile(partial.resolve(PRISM_CLI)) || !Files.isRegularFile(patched)
                    || !Files.readString(patched).contains(PATCH_MARK)) {
                throw new AiStatsMockException("npm ci ended without the patched Prism in " + partial
                        + " (patch-package did not run?); nothing was kept in the cache." + result.quoted());
            }
            Files.writeString(partial.resolve(COMPLETE_MARKER), directoryName() + System.lineSeparator());
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            deleteTree(partial);
        }
    }

    private void deleteLeftovers(Path cache) throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(cache, "*.partial-*")) {
            for (Path leftover : leftovers) {
                deleteTree(leftover);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static AiStatsMockException notWritable(Path cache, IOException e) {
        return new AiStatsMockException("Cannot write to the mock's cache " + cache + " (" + e + "): set -D"
                + Settings.CACHE.property() + " (or " + Settings.CACHE.env() + ") to a writable directory.", e);
    }

    /** The file name of the contract the jar ships under {@code contract/}. */
    static String shippedContractName() {
        java.util.Properties properties = new java.util.Properties();
        try {
            properties.load(new java.io.ByteArrayInputStream(resource("contract.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("file");
    }

    static byte[] resource(String name) {
        try (InputStream in = PrismInstallation.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("The ai-stats-mock jar lacks " + RESOURCES + name + ": a broken build of it");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resourceText(String name) {
        return new String(resource(name), StandardCharsets.UTF_8);
    }
}
