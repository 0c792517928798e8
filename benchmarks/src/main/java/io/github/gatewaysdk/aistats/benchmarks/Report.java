package io.github.gatewaysdk.aistats.benchmarks;

import io.github.gatewaysdk.aistats.benchmarks.BenchmarkMain.Case;
import io.github.gatewaysdk.aistats.benchmarks.BenchmarkMain.Run;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The results table and the SDK's targets. Every ratio is paired by cycle: a client's figure over raw
 * HttpClient 5's in the same cycle of the same fork, then the median over the cycles of all forks.
 */
final class Report {
    private static final String ROW_FORMAT = "%-20s  %-24s  %10s  %7s  %7s  %14s  %7s  %5s%n";
    private static final ToDoubleFunction<Run> OPS = Run::opsPerSecond;
    private static final ToDoubleFunction<Run> BYTES = Run::bytesPerOp;
    /** Issue 30's bounds for the asynchronous form joined at once, against the blocking form. */
    private static final double ASYNC_MIN_THROUGHPUT_RATIO = 0.95;
    private static final double ASYNC_MAX_ALLOCATION_RATIO = 1.05;

    private final List<Run> runs;
    private final double minThroughputRatio;
    private final StringBuilder out = new StringBuilder();

    Report(List<Run> runs, double minThroughputRatio) {
        this.runs = runs;
        this.minThroughputRatio = minThroughputRatio;
    }

    String render() {
        line(ROW_FORMAT, "case", "client", "ops/s", "spread", "vs HC5", "B/op", "vs HC5", "conns");
        Set<Case> cases = runs.stream().map(Run::benchCase).collect(Collectors.toCollection(LinkedHashSet::new));
        for (Case benchCase : cases) {
            for (Client client : clients(benchCase)) {
                row(benchCase, client);
            }
        }
        line("%nops/s and B/op: median over the cycles of all forks. spread: half the distance between the cycles'"
                + " quartiles of ops/s,%n  as %% of the median. vs HC5: median over the cycles of the row's figure over raw"
                + " HttpClient 5's in the same cycle.%nB/op: gc.alloc.rate.norm of the benchmark JVM during the client's"
                + " iterations (the servers run in the launching JVM).%nconns: the most connections the client's own server"
                + " accepted during one fork.%n");

        line("%nServer headroom (ceiling row / fastest real client):%n");
        for (Case benchCase : cases) {
            Optional<Double> ceiling = median(benchCase, Client.SOCKET, OPS);
            Optional<Client> fastest = clients(benchCase).stream()
                    .filter(c -> c != Client.SOCKET && median(benchCase, c, OPS).isPresent())
                    .max(Comparator.comparingDouble(c -> median(benchCase, c, OPS).get()));
            if (ceiling.isPresent() && fastest.isPresent()) {
                double headroom = ceiling.get() / median(benchCase, fastest.get(), OPS).get();
                line("  %-20s %.2fx over %s%s%n", benchCase.label, headroom, fastest.get().label(),
                        headroom < 1.2 ? "  (low: the server may limit this case)" : "");
            }
        }

        line("%nTargets (SDK against raw HttpClient 5, paired by cycle):%n");
        throughputTarget(Case.SMALL_1);
        throughputTarget(Case.SMALL_16);
        List<Long> connections = connectionsPerFork(Case.SMALL_16, Client.SDK);
        target(connections.isEmpty() ? Optional.empty()
                        : Optional.of(connections.stream().allMatch(opened -> opened >= Case.SMALL_16.threads)),
                String.format(Locale.ROOT, "%s: SDK pool serves %d threads at once", Case.SMALL_16.label, Case.SMALL_16.threads),
                "connections opened per fork: " + connections.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        for (Case benchCase : Case.values()) {
            List<Double> allocation = pairedRatios(benchCase, Client.SDK, BYTES);
            target(median(allocation).map(r -> r <= benchCase.maxAllocationRatio),
                    String.format(Locale.ROOT, "%s: allocation <= %.2fx", benchCase.label, benchCase.maxAllocationRatio),
                    describe(allocation, benchCase.maxAllocationRatio));
        }

        line("%nTargets (the asynchronous SDK joined by its caller against the blocking SDK, paired by cycle):%n");
        for (Case benchCase : new Case[] {Case.SMALL_1, Case.SMALL_16}) {
            List<Double> throughput = pairedRatios(benchCase, Client.SDK_ASYNC, Client.SDK, OPS, 0);
            target(median(throughput).map(r -> r >= ASYNC_MIN_THROUGHPUT_RATIO),
                    String.format(Locale.ROOT, "%s: throughput >= %.2fx", benchCase.label, ASYNC_MIN_THROUGHPUT_RATIO),
                    describe(throughput, ASYNC_MIN_THROUGHPUT_RATIO));
            List<Double> allocation = pairedRatios(benchCase, Client.SDK_ASYNC, Client.SDK, BYTES, 0);
            target(median(allocation).map(r -> r <= ASYNC_MAX_ALLOCATION_RATIO),
                    String.format(Locale.ROOT, "%s: allocation <= %.2fx", benchCase.label, ASYNC_MAX_ALLOCATION_RATIO),
                    describe(allocation, ASYNC_MAX_ALLOCATION_RATIO));
        }
        return out.toString();
    }

    private void row(Case benchCase, Client client) {
        List<Run> ok = ok(benchCase, client);
        for (Run failed : runs(benchCase, client)) {
            if (failed.error() != null) {
                line("%-20s  %-24s  FAILED: %s%n", benchCase.label, client.label(), failed.error());
            }
        }
        if (ok.isEmpty()) {
            return;
        }
        double ops = median(benchCase, client, OPS).get();
        List<Double> sorted = ok.stream().map(OPS::applyAsDouble).sorted().collect(Collectors.toList());
        double quartileSpread = (quantile(sorted, 0.75) - quantile(sorted, 0.25)) / 2;
        line(ROW_FORMAT, benchCase.label, client.label(),
                String.format(Locale.ROOT, "%,.0f", ops),
                String.format(Locale.ROOT, "%.1f%%", 100 * quartileSpread / ops),
                median(pairedRatios(benchCase, client, OPS)).map(Report::times).orElse("-"),
                String.format(Locale.ROOT, "%,.0f", median(benchCase, client, BYTES).get()),
                median(pairedRatios(benchCase, client, BYTES)).map(Report::times).orElse("-"),
                connectionsPerFork(benchCase, client).stream().mapToLong(Long::longValue).max().getAsLong());
    }

    private void throughputTarget(Case benchCase) {
        List<Double> ratios = pairedRatios(benchCase, Client.SDK, OPS);
        String forkMedians = ok(benchCase, Client.SDK).stream().map(Run::fork).distinct().sorted()
                .map(fork -> median(pairedRatios(benchCase, Client.SDK, OPS, fork)).map(Report::times).orElse("-"))
                .collect(Collectors.joining(", "));
        target(median(ratios).map(r -> r >= minThroughputRatio),
                String.format(Locale.ROOT, "%s: throughput >= %.2fx", benchCase.label, minThroughputRatio),
                describe(ratios, minThroughputRatio) + (ratios.isEmpty() ? "" : "; medians by fork: " + forkMedians));
    }

    /** The connections {@code client}'s server accepted in each fork that ran, in fork order. */
    private List<Long> connectionsPerFork(Case benchCase, Client client) {
        return ok(benchCase, client).stream().filter(run -> run.cycle() == 1).sorted(Comparator.comparingInt(Run::fork))
                .map(Run::connections).collect(Collectors.toList());
    }

    private void target(Optional<Boolean> passed, String what, String measured) {
        line("  [%s] %s%s%n", passed.map(p -> p ? "PASS" : "FAIL").orElse("n/a "), what,
                passed.isPresent() ? ": " + measured : " (not measured)");
    }

    /** The median, then its confidence interval and whether that interval leaves the target undecided. */
    private static String describe(List<Double> ratios, double target) {
        if (ratios.isEmpty()) {
            return "";
        }
        List<Double> sorted = ratios.stream().sorted().collect(Collectors.toList());
        String interval = medianInterval(sorted)
                .map(bounds -> String.format(Locale.ROOT, ", 95%% interval of the median %s to %s%s", times(bounds[0]),
                        times(bounds[1]), bounds[0] < target && target < bounds[1] ? ": too close to call" : ""))
                .orElse("");
        return median(ratios).map(Report::times).orElse("") + String.format(Locale.ROOT, " (%d cycles%s)", ratios.size(),
                interval);
    }

    /**
     * A 95% confidence interval of the median of sorted values from their order statistics, which assumes nothing
     * about the noise's distribution: the values at ranks k and n + 1 - k, for the largest k with
     * P(Binomial(n, 1/2) < k) <= 2.5%. Empty below six values, where even the extremes give less than 95%.
     */
    static Optional<double[]> medianInterval(List<Double> sorted) {
        int n = sorted.size();
        int k = 0;
        double below = 0;
        double atK = Math.pow(0.5, n);
        while (below + atK <= 0.025) {
            below += atK;
            k++;
            atK = atK * (n - k + 1) / k;
        }
        if (k == 0) {
            return Optional.empty();
        }
        return Optional.of(new double[] {sorted.get(k - 1), sorted.get(n - k)});
    }

    /** {@code client}'s figure over raw HttpClient 5's, for each cycle of every fork where both ran. */
    private List<Double> pairedRatios(Case benchCase, Client client, ToDoubleFunction<Run> figure) {
        return pairedRatios(benchCase, client, figure, 0);
    }

    /** As above, in fork {@code fork} only, or in every fork when it is 0. */
    private List<Double> pairedRatios(Case benchCase, Client client, ToDoubleFunction<Run> figure, int fork) {
        return pairedRatios(benchCase, client, Client.RAW_HC5, figure, fork);
    }

    /** {@code client}'s figure over {@code base}'s, for each cycle where both ran (of fork {@code fork}, or all: 0). */
    private List<Double> pairedRatios(Case benchCase, Client client, Client base, ToDoubleFunction<Run> figure,
            int fork) {
        List<Double> ratios = new ArrayList<>();
        for (Run run : ok(benchCase, client)) {
            if (fork != 0 && run.fork() != fork) {
                continue;
            }
            ok(benchCase, base).stream()
                    .filter(other -> other.fork() == run.fork() && other.cycle() == run.cycle())
                    .findFirst()
                    .ifPresent(other -> ratios.add(figure.applyAsDouble(run) / figure.applyAsDouble(other)));
        }
        return ratios;
    }

    private Optional<Double> median(Case benchCase, Client client, ToDoubleFunction<Run> figure) {
        return median(ok(benchCase, client).stream().map(figure::applyAsDouble).collect(Collectors.toList()));
    }

    /** The middle value; with an even count, the mean of the two middle ones. */
    static Optional<Double> median(List<Double> values) {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(quantile(values.stream().sorted().collect(Collectors.toList()), 0.5));
    }

    /** The {@code q} quantile of non-empty sorted values, interpolated between the two nearest. */
    static double quantile(List<Double> sorted, double q) {
        double position = q * (sorted.size() - 1);
        int below = (int) Math.floor(position);
        int above = (int) Math.ceil(position);
        return sorted.get(below) + (position - below) * (sorted.get(above) - sorted.get(below));
    }

    private List<Client> clients(Case benchCase) {
        return runs.stream().filter(r -> r.benchCase() == benchCase).map(Run::client).distinct().sorted()
                .collect(Collectors.toList());
    }

    private List<Run> ok(Case benchCase, Client client) {
        return runs(benchCase, client).stream().filter(r -> r.error() == null).collect(Collectors.toList());
    }

    private List<Run> runs(Case benchCase, Client client) {
        return runs.stream().filter(r -> r.benchCase() == benchCase && r.client() == client).collect(Collectors.toList());
    }

    private static String times(double ratio) {
        return String.format(Locale.ROOT, "%.2fx", ratio);
    }

    private void line(String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args));
    }
}
