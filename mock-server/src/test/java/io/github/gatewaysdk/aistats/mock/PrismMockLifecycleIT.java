package io.github.gatewaysdk.aistats.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping PrismMock directly: no process may outlive close(), whatever happened before it. */
class PrismMockLifecycleIT {

    private static List<ProcessHandle> treeOf(PrismMock mock) {
        ProcessHandle root = ProcessHandle.of(mock.pid()).orElseThrow();
        return Stream.concat(Stream.of(root), root.descendants()).collect(Collectors.toList());
    }

    private static void assertNoneAlive(List<ProcessHandle> processes) {
        for (ProcessHandle process : processes) {
            assertFalse(process.isAlive(), "still running after close(): pid " + process.pid()
                    + " " + process.info().commandLine().orElse(""));
        }
    }

    @Test
    void closeStopsPrismAndEveryDescendant() throws Exception {
        List<ProcessHandle> tree;
        String baseUrl;
        try (PrismMock mock = PrismMock.start()) {
            tree = treeOf(mock);
            baseUrl = mock.baseUrl();
            assertTrue(tree.get(0).isAlive());
            assertTrue(tree.get(0).info().commandLine().orElse("").contains("prism-cli"),
                    "launcher runs node on Prism's CLI directly");
            assertTrue(Files.readString(mock.logFile()).contains("Prism is listening on"), "log file: " + mock.logFile());
            HttpResponse<Void> answer = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/images/edits")).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(405, answer.statusCode(), "only POST is in the contract");
        }
        assertNoneAlive(tree);
        assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/images/edits")).GET().build(),
                HttpResponse.BodyHandlers.discarding()));
    }

    @Test
    void closeIsIdempotent() {
        PrismMock mock = PrismMock.start();
        List<ProcessHandle> tree = treeOf(mock);
        mock.close();
        mock.close();
        assertNoneAlive(tree);
    }

    @Test
    void prismIsStoppedWhenTheTestUsingItFails() {
        List<List<ProcessHandle>> trees = new java.util.ArrayList<>();
        AssertionError failure = assertThrows(AssertionError.class, () -> {
            try (PrismMock mock = PrismMock.start()) {
                trees.add(treeOf(mock));
                fail("simulated test failure");
            }
        });
        assertEquals("simulated test failure", failure.getMessage());
        assertEquals(1, trees.size());
        assertNoneAlive(trees.get(0));
    }

    @Test
    void startFailureQuotesTheLogAndLeavesNothingRunning(@TempDir Path dir) throws IOException {
        Path brokenContract = dir.resolve("broken.yaml");
        Files.writeString(brokenContract, "openapi: 3.0.3\npaths: [this is not an OpenAPI document\n");
        Set<Long> before = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());

        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> PrismMock.start(PrismMock.Options.defaults().contractFile(brokenContract)));

        assertTrue(error.getMessage().contains("Log: "), error.getMessage());
        assertTrue(error.getMessage().contains("last lines of the log"), error.getMessage());
        List<ProcessHandle> leftOver = ProcessHandle.current().descendants()
                .filter(p -> !before.contains(p.pid()))
                .filter(ProcessHandle::isAlive)
                .collect(Collectors.toList());
        assertTrue(leftOver.isEmpty(), "processes left by a failed start: " + leftOver);
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

    private static String getOrNull(String url) throws InterruptedException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException reloading) {
            return null;
        }
    }

    @Test
    void editingTheContractReloadsPrismOnTheSamePort(@TempDir Path dir) throws Exception {
        Path contract = dir.resolve("ping.yaml");
        Files.writeString(contract, pingContract(1));
        try (PrismMock mock = PrismMock.start(PrismMock.Options.defaults().contractFile(contract))) {
            String url = mock.baseUrl() + "/ping";
            assertEquals("{\"v\":1}", getOrNull(url));

            Files.writeString(contract, pingContract(2));
            // Prism's watcher reloads the document asynchronously: poll the unchanged URL until the new answer shows.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String body = getOrNull(url);
            while (!"{\"v\":2}".equals(body) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                body = getOrNull(url);
            }
            assertEquals("{\"v\":2}", body, "reloaded Prism must keep its port; log: " + mock.logFile());
        }
    }
}
