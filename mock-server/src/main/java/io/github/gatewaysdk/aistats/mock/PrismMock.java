package io.github.gatewaysdk.aistats.mock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A Prism mock of the AI Stats Gateway contract, running as a child process on 127.0.0.1 and a free port.
 *
 * <p>Clients use {@link #baseUrl()} as is: Prism serves the contract's paths without the server's {@code /v1}.
 * {@link #close()} stops Prism and every process it started; a shutdown hook does the same if the JVM exits first.
 *
 * <p>System properties (the Maven build sets them for tests):
 * <ul>
 *   <li>{@code contract.file}: the OpenAPI contract; default: {@code openapi/openapi.yaml} found upwards from the working directory</li>
 *   <li>{@code mock.server.dir}: the directory holding Prism's {@code node_modules}; default: {@code mock-server} found upwards</li>
 *   <li>{@code prism.log.dir}: where Prism's logs go; default: {@code target/prism} under the working directory</li>
 * </ul>
 *
 * <p>In JUnit 5+ tests, {@code @ExtendWith(PrismMock.Extension.class)} injects one instance shared by every test class
 * of the run (annotate the parameter with {@link Dynamic} for a shared instance in dynamic mode).
 */
public final class PrismMock implements AutoCloseable {

    public static final String CONTRACT_FILE_PROPERTY = "contract.file";
    public static final String MOCK_SERVER_DIR_PROPERTY = "mock.server.dir";
    public static final String LOG_DIR_PROPERTY = "prism.log.dir";

    private static final String HOST = "127.0.0.1";
    private static final Path PRISM_CLI = Paths.get("node_modules", "@stoplight", "prism-cli", "dist", "index.js");
    private static final Pattern LISTENING_LINE = Pattern.compile("Prism is listening on https?://[^\\s:/]+:(\\d+)");
    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-9;]*m");
    private static final int LOG_TAIL_LINES = 40;
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final AtomicInteger INSTANCE_COUNTER = new AtomicInteger();

    private final Process process;
    private final Path logFile;
    private final Deque<String> logTail = new ArrayDeque<>();
    private final CompletableFuture<Integer> listeningPort = new CompletableFuture<>();
    private final Thread logPump;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile int port = -1;

    /** Starts Prism in static mode with the defaults from the system properties. */
    public static PrismMock start() {
        return start(Options.defaults());
    }

    /** Starts Prism and returns once it answers HTTP requests; fails with Prism's log tail if it does not. */
    public static PrismMock start(Options options) {
        PrismMock mock = new PrismMock(options);
        try {
            mock.awaitReady(options.startupTimeout);
        } catch (RuntimeException | Error e) {
            mock.close();
            throw e;
        }
        System.out.println("Prism mock" + (options.dynamic ? " (dynamic, seed " + options.seed + ")" : "")
                + " listening on " + mock.baseUrl() + " (log: " + mock.logFile + ")");
        return mock;
    }

    private PrismMock(Options options) {
        Path installDir = options.resolveInstallDir();
        Path contract = options.resolveContractFile();
        Path logDir = options.resolveLogDir();
        this.logFile = logDir.resolve("prism-" + ProcessHandle.current().pid() + "-" + INSTANCE_COUNTER.incrementAndGet()
                + (options.dynamic ? "-dynamic" : "") + ".log");

        List<String> command = new ArrayList<>(List.of("node", installDir.resolve(PRISM_CLI).toString(),
                "mock", "-h", HOST, "-p", "0"));
        if (options.dynamic) {
            command.addAll(List.of("-d", "--seed", Long.toString(options.seed)));
        }
        command.add(contract.toString());

        Writer log;
        try {
            Files.createDirectories(logDir);
            log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
            log.write("$ " + String.join(" ", command) + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write Prism's log " + logFile, e);
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(installDir.toFile()).redirectErrorStream(true);
        builder.environment().put("NO_COLOR", "1");
        builder.environment().put("FORCE_COLOR", "0");
        try {
            this.process = builder.start();
        } catch (IOException e) {
            closeQuietly(log);
            throw new IllegalStateException("Cannot run node (Node.js >= 20.16.0 must be on the PATH) to start Prism: "
                    + e.getMessage(), e);
        }
        this.shutdownHook = new Thread(this::close, "prism-mock-shutdown-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        this.logPump = new Thread(() -> pumpLog(log), "prism-mock-log-" + process.pid());
        logPump.setDaemon(true);
        logPump.start();
    }

    /** Copies Prism's output to the log file, keeps its tail for error messages and picks up the port. */
    private void pumpLog(Writer log) {
        try (log; BufferedReader output = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null) {
                line = ANSI_ESCAPE.matcher(line).replaceAll("");
                log.write(line + System.lineSeparator());
                log.flush();
                synchronized (logTail) {
                    if (logTail.size() == LOG_TAIL_LINES) {
                        logTail.removeFirst();
                    }
                    logTail.addLast(line);
                }
                OptionalInt parsed = parseListeningPort(line);
                if (parsed.isPresent()) {
                    listeningPort.complete(parsed.getAsInt());
                }
            }
        } catch (IOException e) {
            // The pipe breaks when Prism is killed; the exit is reported below.
        }
        listeningPort.completeExceptionally(new IllegalStateException("Prism's output ended before it reported its port"));
    }

    static OptionalInt parseListeningPort(String line) {
        Matcher matcher = LISTENING_LINE.matcher(ANSI_ESCAPE.matcher(line).replaceAll(""));
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
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(baseUrl() + "/")).timeout(Duration.ofSeconds(2)).GET().build();
        while (true) {
            if (!process.isAlive()) {
                throw startFailure(exitDescription());
            }
            try {
                http.send(probe, HttpResponse.BodyHandlers.discarding());
                return; // Any HTTP status means the server accepts requests.
            } catch (IOException notYet) {
                // Not accepting connections yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw startFailure("start was interrupted");
            }
            if (System.nanoTime() > deadline) {
                throw startFailure("did not answer HTTP requests on " + baseUrl() + " within " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(50); // Poll interval, not a readiness guess.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw startFailure("start was interrupted");
            }
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

    private IllegalStateException startFailure(String what) {
        close(); // Also joins the log pump, so the tail below is complete.
        String tail;
        synchronized (logTail) {
            tail = String.join(System.lineSeparator(), logTail);
        }
        return new IllegalStateException("Prism " + what + ". Log: " + logFile + System.lineSeparator()
                + "--- last lines of the log ---" + System.lineSeparator() + tail);
    }

    /** Where clients send requests, e.g. {@code http://127.0.0.1:41234} (no {@code /v1}). */
    public String baseUrl() {
        return "http://" + HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    /** Prism's output: name it when a test fails. */
    public Path logFile() {
        return logFile;
    }

    /** The node process running Prism; {@link #close()} also stops its descendants. */
    public long pid() {
        return process.pid();
    }

    /** Stops Prism and its descendants: terminate, wait, then kill what is left. Safe to call more than once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Snapshot first: descendants are re-parented and no longer reachable once the parent is gone.
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        boolean interrupted = !awaitExit(tree, STOP_GRACE);
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        interrupted |= !awaitExit(tree, STOP_GRACE);
        try {
            if (logPump != null) { // null only if the JVM shut down while the constructor ran
                logPump.join(STOP_GRACE.toMillis());
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        try {
            if (shutdownHook != null) {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            }
        } catch (IllegalStateException shutdownInProgress) {
            // Called from the hook itself.
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Returns false if interrupted; a timeout is fine (the caller escalates). */
    private static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle handle : processes) {
            try {
                handle.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // Still alive; destroyForcibly follows.
            } catch (InterruptedException e) {
                return false;
            }
        }
        return true;
    }

    private static void closeQuietly(Writer writer) {
        try {
            writer.close();
        } catch (IOException ignored) {
            // Nothing useful to add to the start failure.
        }
    }

    @Override
    public String toString() {
        return "PrismMock[" + baseUrl() + ", pid " + process.pid() + ", log " + logFile + "]";
    }

    /** How to start Prism; every setting has a default. */
    public static final class Options {
        private boolean dynamic;
        private long seed;
        private Path contractFile;
        private Path installDir;
        private Path logDir;
        private Duration startupTimeout = Duration.ofSeconds(60);

        private Options() {
        }

        public static Options defaults() {
            return new Options();
        }

        /** Dynamic mode ({@code -d}): generated response values, reproducible for a given seed. */
        public Options dynamic(long seed) {
            this.dynamic = true;
            this.seed = seed;
            return this;
        }

        public Options contractFile(Path contractFile) {
            this.contractFile = Objects.requireNonNull(contractFile);
            return this;
        }

        /** The directory whose {@code node_modules} holds the patched Prism (the mock-server module). */
        public Options installDir(Path installDir) {
            this.installDir = Objects.requireNonNull(installDir);
            return this;
        }

        public Options logDir(Path logDir) {
            this.logDir = Objects.requireNonNull(logDir);
            return this;
        }

        public Options startupTimeout(Duration startupTimeout) {
            this.startupTimeout = Objects.requireNonNull(startupTimeout);
            return this;
        }

        Path resolveContractFile() {
            Path file = contractFile != null ? contractFile
                    : fromProperty(CONTRACT_FILE_PROPERTY)
                            .or(() -> findUpwards(Paths.get("openapi", "openapi.yaml")).map(base -> base.resolve("openapi/openapi.yaml")))
                            .orElseThrow(() -> new IllegalStateException("No contract: set -D" + CONTRACT_FILE_PROPERTY
                                    + "=<path to openapi.yaml>"));
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("Contract not found: " + file.toAbsolutePath());
            }
            return file.toAbsolutePath();
        }

        Path resolveInstallDir() {
            Path dir = installDir != null ? installDir
                    : fromProperty(MOCK_SERVER_DIR_PROPERTY)
                            .or(() -> findUpwards(Paths.get("mock-server").resolve(PRISM_CLI)).map(base -> base.resolve("mock-server")))
                            .orElseThrow(() -> new IllegalStateException("Prism is not installed: build the mock-server module "
                                    + "(./mvnw -pl mock-server -am install -DskipTests) or set -D" + MOCK_SERVER_DIR_PROPERTY));
            if (!Files.isRegularFile(dir.resolve(PRISM_CLI))) {
                throw new IllegalStateException("Prism is not installed in " + dir.toAbsolutePath()
                        + ": build the mock-server module (./mvnw -pl mock-server -am install -DskipTests), which runs npm ci");
            }
            return dir.toAbsolutePath();
        }

        Path resolveLogDir() {
            return (logDir != null ? logDir
                    : fromProperty(LOG_DIR_PROPERTY).orElse(Paths.get("target", "prism"))).toAbsolutePath();
        }

        private static Optional<Path> fromProperty(String name) {
            return Optional.ofNullable(System.getProperty(name)).filter(v -> !v.isBlank()).map(Paths::get);
        }

        /** For runs outside Maven (an IDE): the working directory or nearest parent that holds {@code relative}. */
        private static Optional<Path> findUpwards(Path relative) {
            for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve(relative))) {
                    return Optional.of(dir);
                }
            }
            return Optional.empty();
        }
    }

    /** On a {@link PrismMock} parameter of an {@link Extension}-injected test: the shared instance in dynamic mode. */
    @Target(ElementType.PARAMETER)
    @Retention(RetentionPolicy.RUNTIME)
    public @interface Dynamic {
        long seed() default 1;
    }

    /**
     * Injects {@link PrismMock} parameters (test methods, constructors, {@code @BeforeAll}); one instance per mode
     * and seed for the whole run, kept in the root store so JUnit closes it when the run ends. A failing test gets
     * the log files of the run's mocks attached as a suppressed exception.
     */
    public static final class Extension implements ParameterResolver, TestExecutionExceptionHandler {
        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PrismMock.class);
        private static final String STARTED_KEYS = "started-keys";

        @Override
        public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
            return parameterContext.getParameter().getType() == PrismMock.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
            Optional<Dynamic> dynamic = parameterContext.findAnnotation(Dynamic.class);
            String key = dynamic.map(d -> "dynamic-" + d.seed()).orElse("static");
            Options options = dynamic.map(d -> Options.defaults().dynamic(d.seed())).orElseGet(Options::defaults);
            ExtensionContext.Store store = extensionContext.getRoot().getStore(NAMESPACE);
            startedKeys(store).add(key);
            return store.computeIfAbsent(key, k -> start(options), PrismMock.class);
        }

        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
            ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
            StringBuilder logs = new StringBuilder();
            for (String key : startedKeys(store)) {
                PrismMock mock = store.get(key, PrismMock.class);
                if (mock != null) {
                    logs.append(System.lineSeparator()).append("  ").append(mock.logFile());
                }
            }
            if (logs.length() > 0) {
                throwable.addSuppressed(new IllegalStateException("Prism log(s):" + logs));
            }
            throw throwable;
        }

        @SuppressWarnings("unchecked")
        private static Set<String> startedKeys(ExtensionContext.Store store) {
            return store.computeIfAbsent(STARTED_KEYS, k -> new ConcurrentSkipListSet<String>(), Set.class);
        }
    }
}
