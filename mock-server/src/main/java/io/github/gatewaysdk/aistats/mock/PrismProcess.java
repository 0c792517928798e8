package io.github.gatewaysdk.aistats.mock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prism as a child process: {@code node <prism-cli> mock -h 127.0.0.1 -p 0 [-d --seed N] <contract>}, on the free
 * port it prints. A shutdown hook stops it if the JVM exits before {@link #close()}.
 */
final class PrismProcess implements PrismServer {
    private static final String HOST = "127.0.0.1";
    private static final Pattern LISTENING_LINE = Pattern.compile("Prism is listening on https?://[^\\s:/]+:(\\d+)");

    private final Process process;
    private final Path logFile;
    private final Deque<String> logTail = new ArrayDeque<>();
    private final CompletableFuture<Integer> listeningPort = new CompletableFuture<>();
    private final Thread logPump;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile int port = -1;

    /** Starts Prism and returns once it answers HTTP; on failure it is stopped and the message quotes its log. */
    static PrismProcess start(NodeRuntime node, Path installDir, Path contract, Long seed, Path logFile,
            Map<String, String> env, Duration timeout) {
        PrismProcess prism = new PrismProcess(node, installDir, contract, seed, logFile, env);
        try {
            prism.awaitReady(timeout);
        } catch (RuntimeException | Error e) {
            prism.close();
            throw e;
        }
        return prism;
    }

    private PrismProcess(NodeRuntime node, Path installDir, Path contract, Long seed, Path logFile, Map<String, String> env) {
        this.logFile = logFile;
        List<String> command = new ArrayList<>(List.of(node.node().toString(),
                installDir.resolve(PrismInstallation.PRISM_CLI).toString(), "mock", "-h", HOST, "-p", "0"));
        if (seed != null) {
            command.addAll(List.of("-d", "--seed", seed.toString()));
        }
        command.add(contract.toString());

        Writer log;
        try {
            Files.createDirectories(logFile.getParent());
            log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
            log.write("$ " + String.join(" ", command) + System.lineSeparator());
        } catch (IOException e) {
            throw new AiStatsMockException("Cannot write Prism's log " + logFile + " (" + e + "): set -D"
                    + Settings.LOGS.property() + " to a writable directory.", e);
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(installDir.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.environment().put("NO_COLOR", "1");
        builder.environment().put("FORCE_COLOR", "0");
        try {
            this.process = builder.start();
        } catch (IOException e) {
            try {
                log.close();
            } catch (IOException ignored) {
                // The start failure below says more.
            }
            throw new AiStatsMockException("Cannot run " + node.node() + " to start Prism: " + e.getMessage(), e);
        }
        this.shutdownHook = new Thread(this::close, "ai-stats-mock-shutdown-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        this.logPump = new Thread(() -> pumpLog(log), "ai-stats-mock-log-" + process.pid());
        logPump.setDaemon(true);
        logPump.start();
    }

    /** Copies Prism's output to the log file, keeps its tail for error messages and picks up the port. */
    private void pumpLog(Writer log) {
        try (log; BufferedReader output = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = output.readLine()) != null; ) {
                line = Processes.stripColours(line);
                log.write(line + System.lineSeparator());
                log.flush();
                Processes.keep(logTail, line);
                OptionalInt parsed = parseListeningPort(line);
                if (parsed.isPresent()) {
                    listeningPort.complete(parsed.getAsInt());
                }
            }
        } catch (IOException e) {
            // The pipe breaks when Prism is stopped; the exit is reported by awaitReady.
        }
        listeningPort.completeExceptionally(new IllegalStateException("Prism's output ended before it reported its port"));
    }

    static OptionalInt parseListeningPort(String line) {
        Matcher matcher = LISTENING_LINE.matcher(Processes.stripColours(line));
        return matcher.find() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            port = listeningPort.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw startFailure("did not report a port within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw startFailure(exitDescription());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw startFailure("start was interrupted");
        }
        // Prism prints the line as it starts listening; poll until a request really gets an answer.
        if (!Http.awaitAnswer(baseUrl(), deadline, process::isAlive)) {
            throw startFailure(process.isAlive() ? "did not answer HTTP requests on " + baseUrl() + " within "
                    + timeout.toSeconds() + " s" : exitDescription());
        }
    }

    private String exitDescription() {
        try {
            // Output has ended, so the exit is imminent; a short wait gets its code.
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                return "exited with code " + process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "closed its output";
    }

    private AiStatsMockException startFailure(String what) {
        close(); // also joins the log pump, so the tail below is complete
        return new AiStatsMockException("Prism " + what + " (is the contract a valid OpenAPI document?). Log: " + logFile
                + Processes.lastLines(logTail));
    }

    @Override
    public String baseUrl() {
        return "http://" + HOST + ":" + port;
    }

    @Override
    public Path logFile() {
        return logFile;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean interrupted = !Processes.stopTree(process);
        try {
            logPump.join(5_000);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shutdownInProgress) {
            // Called from the hook itself.
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Readiness polling, shared with the Docker path. */
    static final class Http {
        private Http() {
        }

        /** Polls {@code baseUrl} until any HTTP answer, the deadline, or {@code alive} turning false. */
        static boolean awaitAnswer(String baseUrl, long deadlineNanos, java.util.function.BooleanSupplier alive) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            HttpRequest probe = HttpRequest.newBuilder(URI.create(baseUrl + "/")).timeout(Duration.ofSeconds(2)).GET().build();
            while (alive.getAsBoolean()) {
                try {
                    http.send(probe, HttpResponse.BodyHandlers.discarding());
                    return true; // any status means the server accepts requests
                } catch (IOException notYet) {
                    // not accepting connections yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                if (System.nanoTime() > deadlineNanos) {
                    return false;
                }
                try {
                    Thread.sleep(50); // poll interval, not a readiness guess
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }
    }
}
