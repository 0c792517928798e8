package io.github.gatewaysdk.aistats.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping the mock directly, and each way a start can fail: no process may outlive any of them. */
class AiStatsMockLifecycleIT {

    private Set<Long> before;

    @BeforeEach
    void recordProcesses() {
        before = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /** Checked after every test, failed ones included. */
    @AfterEach
    void nothingLeftRunning() {
        List<ProcessHandle> leftOver = startedSince();
        leftOver.forEach(ProcessHandle::destroyForcibly);
        assertTrue(leftOver.isEmpty(), "processes left running: " + leftOver.stream()
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList());
    }

    private List<ProcessHandle> startedSince() {
        return ProcessHandle.current().descendants().filter(p -> !before.contains(p.pid()))
                .filter(ProcessHandle::isAlive).collect(Collectors.toList());
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void closeStopsPrismAndEveryDescendant() throws Exception {
        String baseUrl;
        try (AiStatsMock mock = AiStatsMock.start()) {
            baseUrl = mock.baseUrl();
            assertTrue(startedSince().stream().anyMatch(p -> p.info().commandLine().orElse("").contains("prism-cli")),
                    "the mock runs node on Prism's CLI");
            assertTrue(Files.readString(mock.logFile()).contains("Prism is listening on"), "log file: " + mock.logFile());
            assertEquals(405, get(baseUrl + "/images/edits").statusCode(), "only POST is in the contract");
            assertEquals(List.of(new MockCall("GET", "/images/edits", 405, List.of(), false)), mock.calls());
        }
        assertTrue(startedSince().isEmpty());
        assertThrows(IOException.class, () -> get(baseUrl + "/images/edits"));
    }

    @Test
    void closeIsIdempotent() {
        AiStatsMock mock = AiStatsMock.start();
        mock.close();
        mock.close();
        assertTrue(startedSince().isEmpty());
    }

    @Test
    void stoppedWhenTheTestUsingItFails() {
        AssertionError failure = assertThrows(AssertionError.class, () -> {
            try (AiStatsMock mock = AiStatsMock.start()) {
                fail("simulated test failure");
            }
        });
        assertEquals("simulated test failure", failure.getMessage());
    }

    @Test
    void invalidContractQuotesPrismsOutput(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "openapi: 3.0.3\npaths: [this is not an OpenAPI document\n");

        AiStatsMockException error = assertThrows(AiStatsMockException.class,
                () -> AiStatsMock.start(AiStatsMock.Options.defaults().contractFile(broken)));

        assertTrue(error.getMessage().startsWith("Prism exited with code"), error.getMessage());
        assertTrue(error.getMessage().contains("is the contract a valid OpenAPI document?"), error.getMessage());
        assertTrue(error.getMessage().contains("last lines of its output"), error.getMessage());
    }

    @Test
    void missingContractNamesTheFileAndTheSetting(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");

        AiStatsMockException error = assertThrows(AiStatsMockException.class,
                () -> AiStatsMock.start(AiStatsMock.Options.defaults().contractFile(missing)));

        assertTrue(error.getMessage().startsWith("Contract file not found: " + missing), error.getMessage());
        assertTrue(error.getMessage().contains("-Dai.stats.mock.contract"), error.getMessage());
    }

    @Test
    void portInUseNamesThePort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AiStatsMockException error = assertThrows(AiStatsMockException.class,
                    () -> AiStatsMock.start(AiStatsMock.Options.defaults().port(taken.getLocalPort())));

            assertEquals("Port " + taken.getLocalPort() + " on 127.0.0.1 is in use: choose another with "
                    + "-Dai.stats.mock.port (or Options.port), or 0 for a free port.", error.getMessage());
        }
    }

    @Test
    void withoutNodeSaysWhichVersionAndTheDockerPath(@TempDir Path emptyDir) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PATH", emptyDir.toString());

        AiStatsMockException error = assertThrows(AiStatsMockException.class,
                () -> AiStatsMock.start(AiStatsMock.Options.defaults().environment(env)));

        assertTrue(error.getMessage().contains("there is no node on the PATH"), error.getMessage());
        assertTrue(error.getMessage().contains("Install Node.js 20.16.0 or later"), error.getMessage());
        assertTrue(error.getMessage().contains("-Dai.stats.mock.runtime=docker"), error.getMessage());
    }

    @Test
    void dockerChosenWithoutDockerSaysSo(@TempDir Path emptyDir) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PATH", emptyDir.toString());

        AiStatsMockException error = assertThrows(AiStatsMockException.class,
                () -> AiStatsMock.start(AiStatsMock.Options.defaults().runtime("docker").environment(env)));

        assertTrue(error.getMessage().startsWith("ai.stats.mock.runtime=docker, but there is no docker on the PATH"),
                error.getMessage());
    }

    private static String pingContract(int value) {
        return "openapi: 3.0.3\n"
                + "info: {title: ping, version: '1'}\n"
                + "paths:\n"
                + "  /ping:\n"
                + "    get:\n"
                + "      responses:\n"
                + "        '200':\n"
                + "          description: ok\n"
                + "          content:\n"
                + "            application/json:\n"
                + "              schema: {type: object, properties: {v: {type: integer, example: " + value + "}}}\n";
    }

    private static String bodyOrNull(String url) throws InterruptedException {
        try {
            return get(url).body();
        } catch (IOException reloading) {
            return null;
        }
    }

    @Test
    void editingTheContractReloadsPrismBehindTheSameAddress(@TempDir Path dir) throws Exception {
        Path contract = Files.writeString(dir.resolve("ping.yaml"), pingContract(1));
        try (AiStatsMock mock = AiStatsMock.start(AiStatsMock.Options.defaults().contractFile(contract))) {
            String url = mock.baseUrl() + "/ping";
            assertEquals("{\"v\":1}", bodyOrNull(url));

            Files.writeString(contract, pingContract(2));
            // Prism's watcher reloads the document asynchronously: poll the unchanged URL until the new answer shows.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String body = bodyOrNull(url);
            while (!"{\"v\":2}".equals(body) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                body = bodyOrNull(url);
            }
            assertEquals("{\"v\":2}", body, "reloaded Prism must keep its port; log: " + mock.logFile());
        }
    }
}
