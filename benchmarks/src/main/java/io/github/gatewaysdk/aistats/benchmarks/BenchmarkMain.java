package io.github.gatewaysdk.aistats.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Starts the canned servers, runs every case for every client (interleaved: all clients of a case
 * back to back) with JMH's GC profiler, and prints the comparison table and the targets.
 *
 * <p>Settings, all optional system properties: {@code bench.forks} (1), {@code bench.warmupIterations}
 * (3), {@code bench.warmupSeconds} (2), {@code bench.iterations} (5), {@code bench.seconds} (3),
 * {@code bench.cases} (all, e.g. {@code SMALL_1,LARGE_1}), {@code bench.clients} (all, e.g.
 * {@code RAW_HC5,SDK}), {@code bench.verbose} (false: JMH's own output is hidden).
 */
public final class BenchmarkMain {
    private static final double MIN_THROUGHPUT_RATIO = 0.95;
    private static final double MAX_ALLOCATION_RATIO = 1.5;

    /** The measured cases, in run order. */
    enum Case {
        SMALL_1("1 small, 1 thread", "smallOneThread", Payload.SMALL, 1),
        SMALL_16("2 small, 16 threads", "smallSixteenThreads", Payload.SMALL, 16),
        LARGE_1("3 large, 1 thread", "largeOneThread", Payload.LARGE, 1);

        final String label;
        final String method;
        final Payload payload;
        final int threads;

        Case(String label, String method, Payload payload, int threads) {
            this.label = label;
            this.method = method;
            this.payload = payload;
            this.threads = threads;
        }
    }

    /** One benchmark's figures; {@code error} is set instead when it failed. */
    record Row(Case benchCase, Client client, double opsPerSecond, double opsError, double bytesPerOp,
               long connections, String error) {
    }

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        List<Case> cases = enumList(Case.class, "bench.cases");
        List<Client> clients = enumList(Client.class, "bench.clients");
        int forks = Integer.getInteger("bench.forks", 1);
        int warmupIterations = Integer.getInteger("bench.warmupIterations", 3);
        int warmupSeconds = Integer.getInteger("bench.warmupSeconds", 2);
        int iterations = Integer.getInteger("bench.iterations", 5);
        int seconds = Integer.getInteger("bench.seconds", 3);
        boolean verbose = Boolean.getBoolean("bench.verbose");

        int runs = cases.size() * clients.size();
        System.out.printf(Locale.ROOT, "%d benchmarks x %d fork(s) x (%d x %ds warmup + %d x %ds measurement), about %d min%n",
                runs, forks, warmupIterations, warmupSeconds, iterations, seconds,
                Math.round(runs * forks * (warmupIterations * warmupSeconds + iterations * seconds + 4) / 60.0));

        Map<Payload, CannedServer> servers = new EnumMap<>(Payload.class);
        List<Row> rows = new ArrayList<>();
        try {
            for (Payload payload : Payload.values()) {
                servers.put(payload, new CannedServer(payload.responseJson()));
            }
            List<String> serverProperties = new ArrayList<>();
            servers.forEach((payload, server) ->
                    serverProperties.add("-D" + ImageEditBenchmark.serverProperty(payload) + "=" + server.baseUri()));

            int run = 0;
            for (Case benchCase : cases) {
                CannedServer server = servers.get(benchCase.payload);
                for (Client client : clients) {
                    System.out.printf(Locale.ROOT, "[%d/%d] %s, %s%n", ++run, runs, benchCase.label, client.label());
                    server.resetCounters();
                    Options options = new OptionsBuilder()
                            .include("^" + ImageEditBenchmark.class.getName().replace(".", "\\.") + "\\." + benchCase.method + "$")
                            .param("client", client.name())
                            .forks(forks)
                            .warmupIterations(warmupIterations)
                            .warmupTime(TimeValue.seconds(warmupSeconds))
                            .measurementIterations(iterations)
                            .measurementTime(TimeValue.seconds(seconds))
                            .addProfiler(GCProfiler.class)
                            .jvmArgsAppend(serverProperties.toArray(new String[0]))
                            .shouldFailOnError(true)
                            .verbosity(verbose ? VerboseMode.NORMAL : VerboseMode.SILENT)
                            .build();
                    rows.add(measure(benchCase, client, options, server));
                }
            }
        } finally {
            servers.values().forEach(CannedServer::close);
        }
        System.out.println();
        System.out.print(new Report(rows, MIN_THROUGHPUT_RATIO, MAX_ALLOCATION_RATIO).render());
    }

    private static Row measure(Case benchCase, Client client, Options options, CannedServer server) {
        try {
            RunResult result = new Runner(options).runSingle();
            Result<?> primary = result.getPrimaryResult();
            double bytesPerOp = result.getSecondaryResults().entrySet().stream()
                    .filter(e -> e.getKey().endsWith("gc.alloc.rate.norm"))
                    .mapToDouble(e -> e.getValue().getScore())
                    .findFirst().orElse(Double.NaN);
            return new Row(benchCase, client, primary.getScore(), primary.getScoreError(), bytesPerOp,
                    server.connectionsOpened(), null);
        } catch (RunnerException e) {
            String error = rootCause(e).toString();
            System.out.println("  failed: " + error);
            return new Row(benchCase, client, Double.NaN, Double.NaN, Double.NaN, server.connectionsOpened(), error);
        }
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

    private static <E extends Enum<E>> List<E> enumList(Class<E> type, String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            return Arrays.asList(type.getEnumConstants());
        }
        return Arrays.stream(value.split(","))
                .map(name -> Enum.valueOf(type, name.trim().toUpperCase(Locale.ROOT)))
                .collect(Collectors.toList());
    }
}
