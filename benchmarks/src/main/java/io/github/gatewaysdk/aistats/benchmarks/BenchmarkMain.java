package io.github.gatewaysdk.aistats.benchmarks;

import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Starts the canned servers, runs every case with JMH's GC profiler, and prints the comparison table
 * and the targets.
 *
 * <p>A case is a few JMH forks, run one after the other; in each, the clients take turns, one iteration
 * each, in cycles ({@link ImageEditBenchmark#clientAt}). Each client has a server of its own, so the
 * server's connection count is that client's. Ratios are taken within a cycle, between iterations a few
 * seconds apart, and the table shows the median over the cycles of all forks.
 *
 * <p>Settings, all optional system properties: {@code bench.forks} (3), {@code bench.cycles} (8, per
 * fork), {@code bench.warmupCycles} (4, per fork), {@code bench.iterationMillis} (500), {@code bench.cases}
 * (all, e.g. {@code SMALL_1,LARGE_1}), {@code bench.clients} (all, e.g. {@code RAW_HC5,SDK}),
 * {@code bench.verbose} (false: JMH's own output is hidden).
 */
public final class BenchmarkMain {
    static final double MIN_THROUGHPUT_RATIO = 0.95;
    // JVM start, JMH set-up and the clients' set-up around each fork, measured on the 2-core machine.
    private static final int SECONDS_AROUND_A_FORK = 3;
    private static final long SERVER_WARMUP_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * Milliseconds each client is called from one thread before the warm-up iterations of a case with
     * more threads ({@link ImageEditBenchmark.Fixture#singleThreadWarmupMillis}).
     */
    private static final int SINGLE_THREAD_WARMUP_MILLIS = 2000;

    /** The measured cases, in run order. */
    enum Case {
        SMALL_1("1 small, 1 thread", "smallOneThread", Payload.SMALL, 1, 1.2),
        SMALL_16("2 small, 16 threads", "smallSixteenThreads", Payload.SMALL, 16, 1.2),
        LARGE_1("3 large, 1 thread", "largeOneThread", Payload.LARGE, 1, 1.05);

        final String label;
        final String method;
        final Payload payload;
        final int threads;
        /** The SDK's target: at most this many times raw HttpClient 5's bytes allocated per call. */
        final double maxAllocationRatio;

        Case(String label, String method, Payload payload, int threads, double maxAllocationRatio) {
            this.label = label;
            this.method = method;
            this.payload = payload;
            this.threads = threads;
            this.maxAllocationRatio = maxAllocationRatio;
        }
    }

    /**
     * One client's iteration in one cycle of one fork of a case, or (cycle 0, {@code error} set) a fork
     * that failed. {@code connections} counts the client's whole fork.
     */
    record Run(Case benchCase, Client client, int fork, int cycle, double opsPerSecond, double bytesPerOp,
               long connections, String error) {
    }

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        List<Case> cases = parse(Case.class, System.getProperty("bench.cases"));
        List<Client> clients = parse(Client.class, System.getProperty("bench.clients"));
        int forks = Integer.getInteger("bench.forks", 3);
        int cycles = Integer.getInteger("bench.cycles", 8);
        int warmupCycles = Integer.getInteger("bench.warmupCycles", 4);
        int iterationMillis = Integer.getInteger("bench.iterationMillis", 500);
        boolean verbose = Boolean.getBoolean("bench.verbose");

        // Every server is warmed up first, then each case's forks run.
        long estimateMillis = TimeUnit.NANOSECONDS.toMillis(SERVER_WARMUP_NANOS) * Payload.values().length * clients.size();
        for (Case benchCase : cases) {
            estimateMillis += forks * (singleThreadWarmupMillis(benchCase) * clients.size()
                    + (long) (warmupCycles + cycles) * clients.size() * iterationMillis + SECONDS_AROUND_A_FORK * 1000L);
        }
        String estimate = estimateMillis < 120_000 ? Math.round(estimateMillis / 1000.0) + " s"
                : Math.round(estimateMillis / 60_000.0) + " min";
        System.out.printf(Locale.ROOT, "%d cases x %d forks x (%d warm-up + %d measured cycles) x %d clients x %d ms,"
                + " about %s%n", cases.size(), forks, warmupCycles, cycles, clients.size(), iterationMillis, estimate);

        Map<Payload, Map<Client, CannedServer>> servers = new EnumMap<>(Payload.class);
        List<Run> results = new ArrayList<>();
        try {
            List<String> serverProperties = new ArrayList<>();
            for (Payload payload : Payload.values()) {
                Map<Client, CannedServer> byClient = new EnumMap<>(Client.class);
                servers.put(payload, byClient);
                for (Client client : clients) {
                    CannedServer server = new CannedServer(payload.responseJson());
                    byClient.put(client, server);
                    serverProperties.add("-D" + ImageEditBenchmark.serverProperty(payload, client) + "=" + server.baseUri());
                    warmUp(server, payload);
                }
            }

            int run = 0;
            for (Case benchCase : cases) {
                System.out.printf(Locale.ROOT, "[%d/%d] %s%n", ++run, cases.size(), benchCase.label);
                Options options = new OptionsBuilder()
                        .include("^" + ImageEditBenchmark.class.getName().replace(".", "\\.") + "\\." + benchCase.method + "$")
                        .param("clients", clients.stream().map(Client::name).collect(Collectors.joining(",")))
                        .param("singleThreadWarmupMillis", String.valueOf(singleThreadWarmupMillis(benchCase)))
                        .forks(1)
                        .warmupIterations(warmupCycles * clients.size())
                        .warmupTime(TimeValue.milliseconds(iterationMillis))
                        .measurementIterations(cycles * clients.size())
                        .measurementTime(TimeValue.milliseconds(iterationMillis))
                        .addProfiler(GCProfiler.class)
                        .jvmArgsAppend(serverProperties.toArray(new String[0]))
                        .shouldFailOnError(true)
                        .verbosity(verbose ? VerboseMode.NORMAL : VerboseMode.SILENT)
                        .build();
                for (int fork = 1; fork <= forks; fork++) {
                    results.addAll(measure(benchCase, fork, clients, warmupCycles * clients.size(), options,
                            servers.get(benchCase.payload)));
                }
            }
        } finally {
            servers.values().forEach(byClient -> byClient.values().forEach(CannedServer::close));
        }
        System.out.println();
        System.out.print(new Report(results, MIN_THROUGHPUT_RATIO).render());
    }

    /** Compiles the server's own code before any client is measured against it, not during the first case. */
    private static void warmUp(CannedServer server, Payload payload) throws Exception {
        ImagesEditRequest request = payload.request();
        try (Client.Call call = Client.SOCKET.open(server.baseUri(), request)) {
            long end = System.nanoTime() + SERVER_WARMUP_NANOS;
            while (System.nanoTime() < end) {
                call.edit(request);
            }
        }
    }

    /** Runs one fork of a case and splits its measured iterations by client, in the order the fixture gave them turns. */
    private static List<Run> measure(Case benchCase, int fork, List<Client> clients, int warmupIterations,
            Options options, Map<Client, CannedServer> servers) {
        servers.values().forEach(CannedServer::resetCounters);
        List<Run> runs = new ArrayList<>();
        try {
            RunResult result = new Runner(options).runSingle();
            int iteration = warmupIterations;
            for (IterationResult measured : result.getBenchmarkResults().iterator().next().getIterationResults()) {
                Client client = clients.get(ImageEditBenchmark.clientAt(iteration, clients.size()));
                int cycle = (iteration - warmupIterations) / clients.size() + 1;
                runs.add(new Run(benchCase, client, fork, cycle, measured.getPrimaryResult().getScore(),
                        allocationPerOp(measured), servers.get(client).connectionsOpened(), null));
                iteration++;
            }
        } catch (RunnerException e) {
            String error = rootCause(e).toString();
            System.out.println("  failed: " + error);
            for (Client client : clients) {
                runs.add(new Run(benchCase, client, fork, 0, Double.NaN, Double.NaN,
                        servers.get(client).connectionsOpened(), error));
            }
        }
        return runs;
    }

    /** Only cases with more threads than one need the single-threaded warm-up. */
    private static int singleThreadWarmupMillis(Case benchCase) {
        return benchCase.threads > 1 ? SINGLE_THREAD_WARMUP_MILLIS : 0;
    }

    private static double allocationPerOp(IterationResult iteration) {
        for (Map.Entry<String, Result> secondary : iteration.getSecondaryResults().entrySet()) {
            if (secondary.getKey().endsWith("gc.alloc.rate.norm")) {
                return secondary.getValue().getScore();
            }
        }
        return Double.NaN;
    }

    /** JMH reports the benchmark's own exception as a suppressed one of its BenchmarkException. */
    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (true) {
            if (cause.getSuppressed().length > 0) {
                cause = cause.getSuppressed()[0];
            } else if (cause.getCause() != null) {
                cause = cause.getCause();
            } else {
                return cause;
            }
        }
    }

    /** Comma-separated constant names, e.g. {@code RAW_HC5,SDK}; every constant when {@code names} is unset. */
    static <E extends Enum<E>> List<E> parse(Class<E> type, String names) {
        if (names == null || names.isBlank()) {
            return Arrays.asList(type.getEnumConstants());
        }
        return Arrays.stream(names.split(","))
                .map(name -> Enum.valueOf(type, name.trim().toUpperCase(Locale.ROOT)))
                .collect(Collectors.toList());
    }
}
