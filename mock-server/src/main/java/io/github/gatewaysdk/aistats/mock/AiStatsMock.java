package io.github.gatewaysdk.aistats.mock;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mock of the AI Stats Gateway on 127.0.0.1: the pinned, patched Prism serving the contract this SDK was generated
 * from, behind a small front that records each call, reports the contract violations of requests and can answer a
 * forced status.
 *
 * <pre>{@code
 * try (AiStatsMock mock = AiStatsMock.start()) {
 *     AiStatsClient client = AiStatsClient.builder().apiKey("test-key").baseUrl(mock.baseUrl()).build();
 *     ...
 * }
 * }</pre>
 *
 * <p>In JUnit 5+ tests, {@link WithAiStatsMock} does this for the whole run. {@link #baseUrl()} has no {@code /v1}:
 * Prism serves the contract's paths without the server's path.
 */
public final class AiStatsMock implements AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final ForwardingFront front;
    private final PrismServer prism;
    /** The temporary copy of the contract; null in an isolated mock, whose Prism belongs to another. */
    private final Path extractedContract;
    /** Whether closing this mock stops Prism: only the mock that started it does. */
    private final boolean ownsPrism;
    private final AnswerCheck answers;
    private final EventStreams streams;
    private final FileParts files;
    private final Deque<ForwardingFront.ForcedAnswer> forced = new ArrayDeque<>();
    private final List<MockCall> calls = new CopyOnWriteArrayList<>();
    private final List<String> untakenViolations = new ArrayList<>();

    /** Starts a mock with static answers and the settings of the system properties and environment. */
    public static AiStatsMock start() {
        return start(Options.defaults());
    }

    /**
     * Installs Prism into the cache on first use, starts it and returns once it answers.
     * @throws AiStatsMockException naming the cause and the fix; nothing is left running
     */
    public static AiStatsMock start(Options options) {
        return new AiStatsMock(options);
    }

    private AiStatsMock(Options options) {
        Map<String, String> env = options.environment;
        PrismInstallation installation = new PrismInstallation();
        Path contract = options.contractFile != null ? options.contractFile
                : Settings.CONTRACT.value(env).map(Paths::get).orElse(null);
        if (contract != null && !Files.isRegularFile(contract)) {
            throw new AiStatsMockException("Contract file not found: " + contract.toAbsolutePath() + ". Point -D"
                    + Settings.CONTRACT.property() + " (or Options.contractFile) at an OpenAPI file, or leave it unset to "
                    + "serve the contract shipped in the ai-stats-mock jar.");
        }
        Path cache = options.cacheDir != null ? options.cacheDir
                : Settings.CACHE.value(env).map(Paths::get).orElseGet(() -> PrismInstallation.defaultCache(env));
        String runtime = options.runtime != null ? options.runtime : Settings.RUNTIME.value(env).orElse("node");
        int port = options.port != null ? options.port : Settings.PORT.value(env).map(Integer::parseInt).orElse(0);
        Path logDir = options.logDir != null ? options.logDir
                : Settings.LOGS.value(env).map(Paths::get).orElse(Paths.get("target", "ai-stats-mock"));
        Path logFile = logDir.toAbsolutePath().resolve("prism-" + ProcessHandle.current().pid() + "-"
                + INSTANCES.incrementAndGet() + (options.seed != null ? "-dynamic" : "") + ".log");

        this.front = new ForwardingFront(port, this::pollForced, this::record);
        Path extracted = null;
        PrismServer started = null;
        AnswerCheck checks;
        EventStreams eventStreams;
        FileParts fileParts;
        try {
            if (contract == null) {
                extracted = Files.createTempDirectory("ai-stats-mock-contract-");
                String shipped = PrismInstallation.shippedContractName();
                contract = Files.write(extracted.resolve(shipped), PrismInstallation.resource("contract/" + shipped));
            }
            switch (runtime.toLowerCase(Locale.ROOT)) {
                case "node" -> {
                    NodeRuntime node = NodeRuntime.locate(env, installation.minimumNode());
                    Path installDir = installation.ensure(cache, node, env, options.installTimeout);
                    started = PrismProcess.start(node, installDir, contract.toAbsolutePath(), options.seed, logFile, env,
                            options.startupTimeout);
                }
                case "docker" -> started = DockerPrism.start(installation, cache, contract.toAbsolutePath(), options.seed,
                        logFile, env, options.installTimeout);
                default -> throw new AiStatsMockException(Settings.RUNTIME.property() + "=" + runtime
                        + " is not a runtime of the mock: use node (the default) or docker.");
            }
            checks = new AnswerCheck(contract.toAbsolutePath());
            ServedContract served = new ServedContract(contract.toAbsolutePath());
            eventStreams = new EventStreams(served);
            fileParts = new FileParts(served);
            front.forwardTo(started.baseUrl(), checks, eventStreams, fileParts);
        } catch (IOException e) {
            cleanUp(started, extracted);
            throw new AiStatsMockException("Cannot write the contract to a temporary folder: " + e, e);
        } catch (RuntimeException | Error e) {
            cleanUp(started, extracted);
            throw e;
        }
        this.prism = started;
        this.extractedContract = extracted;
        this.ownsPrism = true;
        this.answers = checks;
        this.streams = eventStreams;
        this.files = fileParts;
        System.out.println("AI Stats mock" + (options.seed != null ? " (dynamic, seed " + options.seed + ")" : "")
                + " listening on " + baseUrl() + " (Prism log: " + logFile + ")");
    }

    private AiStatsMock(AiStatsMock served) {
        this.prism = served.prism;
        this.extractedContract = null;
        this.ownsPrism = false;
        this.answers = served.answers;
        this.streams = served.streams;
        this.files = served.files;
        this.front = new ForwardingFront(0, this::pollForced, this::record);
        front.forwardTo(prism.baseUrl(), answers, streams, files);
    }

    /**
     * A mock of its own for one test, served by this mock's Prism: its own address ({@link #baseUrl()}), forced
     * answers, recorded calls and violations, so that tests running in parallel never take each other's. Any client
     * pointed at its base URL is its alone. Closing it closes only its address; this mock keeps running.
     */
    public AiStatsMock isolated() {
        return new AiStatsMock(this);
    }

    /**
     * Runs the mock until the JVM is stopped (Ctrl+C), on port 4010 unless {@code ai.stats.mock.port} says otherwise.
     * @param args nothing, or {@code --seed N} for dynamic answers
     */
    public static void main(String[] args) throws InterruptedException {
        Options options = Options.defaults();
        if (Settings.PORT.value(System.getenv()).isEmpty()) {
            options.port(4010);
        }
        if (args.length == 2 && args[0].equals("--seed")) {
            options.dynamic(Long.parseLong(args[1]));
        } else if (args.length != 0) {
            System.err.println("usage: AiStatsMock [--seed N]");
            System.exit(2);
        }
        AiStatsMock mock = start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(mock::close, "ai-stats-mock-main-shutdown"));
        System.out.println("Base URL " + mock.baseUrl() + " (no /v1), any bearer token; Ctrl+C stops it.");
        Thread.currentThread().join();
    }

    private void cleanUp(PrismServer started, Path extracted) {
        front.close();
        if (started != null) {
            started.close();
        }
        deleteQuietly(extracted);
    }

    /** Where clients send requests, e.g. {@code http://127.0.0.1:41234} (no {@code /v1}). */
    public String baseUrl() {
        return "http://127.0.0.1:" + front.port();
    }

    public int port() {
        return front.port();
    }

    /** Prism's output. */
    public Path logFile() {
        return prism.logFile();
    }

    /**
     * Makes the mock answer the next call with {@code status} (after Prism has validated the request), whether or not
     * the contract declares it: {@code answerNext(429, "Retry-After", "1")}. A status the contract declares gets its
     * answer from the contract (Prism's, for that status); another gets a problem body naming the forced status.
     * Calls queue up, first in first out.
     * @param headerNamesAndValues name, value, name, value...
     */
    public AiStatsMock answerNext(int status, String... headerNamesAndValues) {
        return enqueue(status, null, headerNamesAndValues);
    }

    /**
     * As {@link #answerNext}, with this JSON body: {@code answerNextJson(200, "{\"data\":[...]}")} gives the test's
     * own answer where the contract's example would not do. When the contract declares the status, the body is
     * checked against it: what breaks it is a violation of the test ({@code answer 200: ...}), as a request's is.
     */
    public AiStatsMock answerNextJson(int status, String json, String... headerNamesAndValues) {
        return enqueue(status, Objects.requireNonNull(json), headerNamesAndValues);
    }

    /**
     * Makes the mock answer the next call that asks for an event stream (a client's streaming method) with these
     * events, one {@code data:} event each, then {@code data: [DONE]}, after Prism has validated the request.
     *
     * @param data each event's data, e.g. {@code "{\"delta\":\"Hel\"}"}
     */
    public AiStatsMock answerNextEvents(String... data) {
        return enqueueEvents(List.of(data), false);
    }

    /**
     * As {@link #answerNextEvents}, then the stream breaks: the connection is cut before the body's announced end, as a
     * gateway that fails mid-stream does, so a client's handling of a broken stream can be tested.
     *
     * @param data the data of the events sent before the break
     */
    public AiStatsMock answerNextEventsThenBreak(String... data) {
        return enqueueEvents(List.of(data), true);
    }

    private AiStatsMock enqueueEvents(List<String> data, boolean breaks) {
        synchronized (forced) {
            forced.addLast(new ForwardingFront.ForcedAnswer(200, Map.of(), null, data, breaks));
        }
        return this;
    }

    private AiStatsMock enqueue(int status, String json, String... headerNamesAndValues) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100 to 599, got " + status);
        }
        if (headerNamesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("headers come as name, value pairs: " + List.of(headerNamesAndValues));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < headerNamesAndValues.length; i += 2) {
            headers.put(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
        }
        synchronized (forced) {
            forced.addLast(new ForwardingFront.ForcedAnswer(status, Map.copyOf(headers), json, null, false));
        }
        return this;
    }

    private ForwardingFront.ForcedAnswer pollForced() {
        synchronized (forced) {
            return forced.pollFirst();
        }
    }

    private void record(MockCall call) {
        calls.add(call);
        synchronized (untakenViolations) {
            call.violations().forEach(v -> untakenViolations.add(call.method() + " " + call.path() + ": " + v));
        }
    }

    /** The calls received since the start or the last {@link #reset()}, in order. */
    public List<MockCall> calls() {
        return List.copyOf(calls);
    }

    /**
     * Returns and forgets the contract violations of the requests received so far, each as
     * {@code METHOD path: location: message}. The JUnit extension fails a test that leaves any: a test that sends an
     * invalid request on purpose takes them.
     */
    public List<String> takeViolations() {
        synchronized (untakenViolations) {
            List<String> taken = List.copyOf(untakenViolations);
            untakenViolations.clear();
            return taken;
        }
    }

    /** Forgets the recorded calls, violations and forced answers not used yet. */
    public void reset() {
        synchronized (forced) {
            forced.clear();
        }
        calls.clear();
        takeViolations();
    }

    /**
     * Stops the front, and Prism with every process it started unless this is an {@link #isolated()} mock; safe to
     * call more than once.
     */
    @Override
    public void close() {
        front.close();
        if (ownsPrism) {
            prism.close();
            deleteQuietly(extractedContract);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir != null) {
            try {
                PrismInstallation.deleteTree(dir);
            } catch (IOException e) {
                // A temporary copy of the contract; the OS cleans its temp folder.
            }
        }
    }

    @Override
    public String toString() {
        return "AiStatsMock[" + baseUrl() + ", Prism log " + logFile() + "]";
    }

    /** On an {@link AiStatsMock} or client parameter: the run's mock in dynamic mode with this seed. */
    @Target(ElementType.PARAMETER)
    @Retention(RetentionPolicy.RUNTIME)
    public @interface Dynamic {
        long seed() default 1;
    }

    /** How to start the mock; each setting left unset comes from the system property or environment variable. */
    public static final class Options {
        private Long seed;
        private Path contractFile;
        private Integer port;
        private Path cacheDir;
        private String runtime;
        private Path logDir;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private Duration installTimeout = Duration.ofMinutes(5);
        Map<String, String> environment = System.getenv();

        private Options() {
        }

        public static Options defaults() {
            return new Options();
        }

        /** Dynamic answers: values generated from the schemas, the same for the same seed. */
        public Options dynamic(long seed) {
            this.seed = seed;
            return this;
        }

        /** An OpenAPI file instead of the contract shipped in the jar ({@code ai.stats.mock.contract}). */
        public Options contractFile(Path contractFile) {
            this.contractFile = Objects.requireNonNull(contractFile);
            return this;
        }

        /** The port to listen on ({@code ai.stats.mock.port}); 0, the default, takes a free one. */
        public Options port(int port) {
            this.port = port;
            return this;
        }

        /** The cache Prism is installed into ({@code ai.stats.mock.cache}; default {@code ~/.cache/ai-stats-mock}). */
        public Options cacheDir(Path cacheDir) {
            this.cacheDir = Objects.requireNonNull(cacheDir);
            return this;
        }

        /** {@code node} (default) or {@code docker} ({@code ai.stats.mock.runtime}). */
        public Options runtime(String runtime) {
            this.runtime = Objects.requireNonNull(runtime);
            return this;
        }

        /** Where Prism's logs go ({@code ai.stats.mock.logs}; default {@code target/ai-stats-mock}). */
        public Options logDir(Path logDir) {
            this.logDir = Objects.requireNonNull(logDir);
            return this;
        }

        /** The longest wait for Prism to answer once started (default 60 s). */
        public Options startupTimeout(Duration startupTimeout) {
            this.startupTimeout = Objects.requireNonNull(startupTimeout);
            return this;
        }

        /** The longest wait for the first install, or for another build's install to finish (default 5 min). */
        public Options installTimeout(Duration installTimeout) {
            this.installTimeout = Objects.requireNonNull(installTimeout);
            return this;
        }

        /** For tests of the launcher: the environment its processes get (PATH, npm settings). */
        Options environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }
    }
}
