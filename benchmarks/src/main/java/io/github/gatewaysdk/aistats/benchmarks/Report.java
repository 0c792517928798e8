package io.github.gatewaysdk.aistats.benchmarks;

import io.github.gatewaysdk.aistats.benchmarks.BenchmarkMain.Case;
import io.github.gatewaysdk.aistats.benchmarks.BenchmarkMain.Row;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/** The results table and the SDK's targets, every ratio taken against raw HttpClient 5 in the same run. */
final class Report {
    private static final String ROW_FORMAT = "%-20s  %-24s  %10s  %6s  %7s  %14s  %7s  %5s%n";

    private final List<Row> rows;
    private final double minThroughputRatio;
    private final double maxAllocationRatio;
    private final StringBuilder out = new StringBuilder();

    Report(List<Row> rows, double minThroughputRatio, double maxAllocationRatio) {
        this.rows = rows;
        this.minThroughputRatio = minThroughputRatio;
        this.maxAllocationRatio = maxAllocationRatio;
    }

    String render() {
        line(ROW_FORMAT, "case", "client", "ops/s", "+-%", "vs HC5", "B/op", "vs HC5", "conns");
        for (Row row : rows) {
            if (row.error() != null) {
                line("%-20s  %-24s  FAILED: %s%n", row.benchCase().label, row.client().label(), row.error());
                continue;
            }
            line(ROW_FORMAT, row.benchCase().label, row.client().label(),
                    String.format(Locale.ROOT, "%,.0f", row.opsPerSecond()),
                    String.format(Locale.ROOT, "%.1f", 100 * row.opsError() / row.opsPerSecond()),
                    ratio(row, Row::opsPerSecond), String.format(Locale.ROOT, "%,.0f", row.bytesPerOp()),
                    ratio(row, Row::bytesPerOp), row.connections());
        }
        line("%n+-%%: JMH's 99.9%% confidence half-width. B/op: gc.alloc.rate.norm of the benchmark JVM (client only;%n"
                + "the servers run in the launching JVM). conns: connections the server accepted during the run.%n");

        line("%nServer headroom (ceiling row / fastest real client):%n");
        for (Case benchCase : Case.values()) {
            Optional<Row> ceiling = find(benchCase, Client.SOCKET);
            Optional<Row> fastest = rows.stream()
                    .filter(r -> r.benchCase() == benchCase && r.client() != Client.SOCKET && r.error() == null)
                    .max((a, b) -> Double.compare(a.opsPerSecond(), b.opsPerSecond()));
            if (ceiling.isPresent() && ceiling.get().error() == null && fastest.isPresent()) {
                double headroom = ceiling.get().opsPerSecond() / fastest.get().opsPerSecond();
                line("  %-20s %.2fx over %s%s%n", benchCase.label, headroom, fastest.get().client().label(),
                        headroom < 1.2 ? "  (low: the server may limit this case)" : "");
            }
        }

        line("%nTargets (SDK against raw HttpClient 5, same run):%n");
        throughputTarget(Case.SMALL_1);
        throughputTarget(Case.SMALL_16);
        Optional<Row> concurrent = ok(Case.SMALL_16, Client.SDK);
        target(concurrent.map(r -> r.connections() >= Case.SMALL_16.threads),
                String.format(Locale.ROOT, "%s: SDK pool serves %d threads at once", Case.SMALL_16.label, Case.SMALL_16.threads),
                concurrent.map(r -> r.connections() + " connections opened").orElse(""));
        Optional<Double> allocation = ratioOf(Case.LARGE_1, Row::bytesPerOp);
        target(allocation.map(r -> r <= maxAllocationRatio),
                String.format(Locale.ROOT, "%s: allocation <= %.2fx", Case.LARGE_1.label, maxAllocationRatio),
                allocation.map(r -> String.format(Locale.ROOT, "%.2fx", r)).orElse(""));
        return out.toString();
    }

    private void throughputTarget(Case benchCase) {
        Optional<Double> ratio = ratioOf(benchCase, Row::opsPerSecond);
        target(ratio.map(r -> r >= minThroughputRatio),
                String.format(Locale.ROOT, "%s: throughput >= %.2fx", benchCase.label, minThroughputRatio),
                ratio.map(r -> String.format(Locale.ROOT, "%.2fx", r)).orElse(""));
    }

    private void target(Optional<Boolean> passed, String what, String measured) {
        line("  [%s] %s%s%n", passed.map(p -> p ? "PASS" : "FAIL").orElse("n/a "), what,
                measured.isEmpty() ? " (not measured)" : ": " + measured);
    }

    /** SDK's figure over raw HttpClient 5's, in {@code benchCase}. */
    private Optional<Double> ratioOf(Case benchCase, ToDoubleFunction<Row> figure) {
        return ok(benchCase, Client.SDK).flatMap(sdk -> ok(benchCase, Client.RAW_HC5)
                .map(hc5 -> figure.applyAsDouble(sdk) / figure.applyAsDouble(hc5)));
    }

    private String ratio(Row row, ToDoubleFunction<Row> figure) {
        return ok(row.benchCase(), Client.RAW_HC5)
                .map(hc5 -> String.format(Locale.ROOT, "%.2fx", figure.applyAsDouble(row) / figure.applyAsDouble(hc5)))
                .orElse("-");
    }

    private Optional<Row> ok(Case benchCase, Client client) {
        return find(benchCase, client).filter(r -> r.error() == null);
    }

    private Optional<Row> find(Case benchCase, Client client) {
        return rows.stream().filter(r -> r.benchCase() == benchCase && r.client() == client).findFirst();
    }

    private void line(String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args));
    }
}
