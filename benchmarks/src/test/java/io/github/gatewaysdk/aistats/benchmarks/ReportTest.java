package io.github.gatewaysdk.aistats.benchmarks;

import static io.github.gatewaysdk.aistats.benchmarks.BenchmarkMain.Case.LARGE_1;
import static io.github.gatewaysdk.aistats.benchmarks.BenchmarkMain.Case.SMALL_1;
import static io.github.gatewaysdk.aistats.benchmarks.BenchmarkMain.Case.SMALL_16;
import static io.github.gatewaysdk.aistats.benchmarks.Client.RAW_HC5;
import static io.github.gatewaysdk.aistats.benchmarks.Client.SDK;
import static io.github.gatewaysdk.aistats.benchmarks.Client.SDK_ASYNC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gatewaysdk.aistats.benchmarks.BenchmarkMain.Case;
import io.github.gatewaysdk.aistats.benchmarks.BenchmarkMain.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the table turns the clients' interleaved iterations into ratios and verdicts. */
class ReportTest {

    @Test
    void throughputIsJudgedOnTheMedianOfRatiosPairedByCycle() {
        // Medians of each client alone would give 1,365 / 1,500 = 0.91x; paired by cycle the SDK is 0.99x, 0.95x, 0.91x.
        String report = render(
                run(SMALL_1, RAW_HC5, 1, 1000), run(SMALL_1, SDK, 1, 990),
                run(SMALL_1, RAW_HC5, 2, 2000), run(SMALL_1, SDK, 2, 1900),
                run(SMALL_1, RAW_HC5, 3, 1500), run(SMALL_1, SDK, 3, 1365));
        assertContains(report, "[PASS] 1 small, 1 thread: throughput >= 0.95x: 0.95x (3 cycles); medians by fork: 0.95x");
    }

    @Test
    void ratiosArePairedWithinAForkAndShownByFork() {
        // Across forks, cycle 1 of fork 2 would pair the SDK's 1,800 with fork 1's 1,000 (1.80x).
        String report = render(
                run(SMALL_1, RAW_HC5, 1, 1, 1000), run(SMALL_1, SDK, 1, 1, 1000),
                run(SMALL_1, RAW_HC5, 1, 2, 1000), run(SMALL_1, SDK, 1, 2, 960),
                run(SMALL_1, RAW_HC5, 2, 1, 2000), run(SMALL_1, SDK, 2, 1, 1800),
                run(SMALL_1, RAW_HC5, 2, 2, 2000), run(SMALL_1, SDK, 2, 2, 1720));
        assertContains(report, "[FAIL] 1 small, 1 thread: throughput >= 0.95x: 0.93x (4 cycles); medians by fork: 0.98x, 0.88x");
    }

    /** Issue 30: the asynchronous form joined at once is judged against the blocking form, not raw HttpClient 5. */
    @Test
    void theJoinedAsynchronousFormIsJudgedAgainstTheBlockingForm() {
        String report = render(
                new Run(SMALL_16, RAW_HC5, 1, 1, 500, 2000, 16, null), new Run(SMALL_16, SDK, 1, 1, 1000, 1000, 16, null),
                new Run(SMALL_16, SDK_ASYNC, 1, 1, 960, 1100, 16, null));
        assertContains(report, "[PASS] 2 small, 16 threads: throughput >= 0.95x: 0.96x (1 cycles)");
        assertContains(report, "[FAIL] 2 small, 16 threads: allocation <= 1.05x: 1.10x (1 cycles)");
        assertContains(report, "2 small, 16 threads   SDK async, joined                960     0.0%    1.92x           1,100    0.55x     16");
    }

    @Test
    void everyForkMustOpenAConnectionPerThread() {
        String report = render(
                new Run(SMALL_16, RAW_HC5, 1, 1, 1000, 1000, 16, null), new Run(SMALL_16, SDK, 1, 1, 1000, 1000, 16, null),
                new Run(SMALL_16, RAW_HC5, 2, 1, 1000, 1000, 16, null), new Run(SMALL_16, SDK, 2, 1, 1000, 1000, 8, null));
        assertContains(report, "[FAIL] 2 small, 16 threads: SDK pool serves 16 threads at once: connections opened per fork: 16, 8");
        assertContains(report, "2 small, 16 threads   SDK                            1,000     0.0%    1.00x           1,000    1.00x     16");
    }

    @Test
    void aBelowTargetMedianFails() {
        String report = render(
                run(SMALL_16, RAW_HC5, 1, 1000), run(SMALL_16, SDK, 1, 960),
                run(SMALL_16, RAW_HC5, 2, 1000), run(SMALL_16, SDK, 2, 900),
                run(SMALL_16, RAW_HC5, 3, 1000), run(SMALL_16, SDK, 3, 940));
        assertContains(report, "[FAIL] 2 small, 16 threads: throughput >= 0.95x: 0.94x");
        assertContains(report, "[PASS] 2 small, 16 threads: SDK pool serves 16 threads at once: connections opened per fork: 16");
    }

    @Test
    void aFailedCaseIsShownAndJudgedNotMeasured() {
        String report = render(
                new Run(LARGE_1, RAW_HC5, 1, 0, Double.NaN, Double.NaN, 1, "java.io.IOException: boom"),
                new Run(LARGE_1, SDK, 1, 0, Double.NaN, Double.NaN, 1, "java.io.IOException: boom"));
        assertContains(report, "3 large, 1 thread     SDK                       FAILED: java.io.IOException: boom");
        assertContains(report, "[n/a ] 3 large, 1 thread: allocation <= 1.05x (not measured)");
    }

    @Test
    void spreadIsHalfTheInterquartileRangeOverTheMedian() {
        String report = render(
                run(SMALL_1, RAW_HC5, 1, 900), run(SMALL_1, RAW_HC5, 2, 1000), run(SMALL_1, RAW_HC5, 3, 1100),
                run(SMALL_1, RAW_HC5, 4, 1000), run(SMALL_1, RAW_HC5, 5, 5000));
        // Quartiles 1,000 and 1,100 around a median of 1,000: the outlier at 5,000 moves neither.
        assertContains(report, "1 small, 1 thread     raw HttpClient 5               1,000     5.0%    1.00x");
    }

    @Test
    void anUnmeasuredTargetSaysSo() {
        String report = render(run(SMALL_1, RAW_HC5, 1, 1000));
        assertContains(report, "[n/a ] 1 small, 1 thread: throughput >= 0.95x (not measured)");
    }

    @Test
    void theMedianIntervalComesFromOrderStatistics() {
        List<Double> ranks = new ArrayList<>();
        for (int rank = 1; rank <= 24; rank++) {
            ranks.add((double) rank);
        }
        // P(Binomial(24, 1/2) <= 6) = 1.1%, P(<= 7) = 3.2%: ranks 7 and 18 cover the median with 97.7%.
        assertArrayEquals(new double[] {7, 18}, Report.medianInterval(ranks).get());
        assertArrayEquals(new double[] {1, 6}, Report.medianInterval(ranks.subList(0, 6)).get());
        assertEquals(Optional.empty(), Report.medianInterval(ranks.subList(0, 5)));
    }

    @Test
    void aTargetInsideTheIntervalIsTooCloseToCall() {
        List<Run> runs = new ArrayList<>();
        for (int cycle = 1; cycle <= 8; cycle++) {
            runs.add(run(SMALL_16, RAW_HC5, cycle, 1000));
            runs.add(run(SMALL_16, SDK, cycle, 900 + 20 * cycle));
        }
        String report = new Report(runs, BenchmarkMain.MIN_THROUGHPUT_RATIO).render();
        // Ratios 0.92x to 1.06x; with 8 cycles the interval runs from the 1st to the 8th.
        assertContains(report, "[PASS] 2 small, 16 threads: throughput >= 0.95x: 0.99x (8 cycles, 95% interval of the"
                + " median 0.92x to 1.06x: too close to call)");
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(Optional.of(2.5), Report.median(List.of(4.0, 1.0, 3.0, 2.0)));
        assertEquals(Optional.empty(), Report.median(List.of()));
    }

    @Test
    void clientsTakeTurnsForwardThenBackward() {
        int[] order = new int[9];
        for (int iteration = 0; iteration < order.length; iteration++) {
            order[iteration] = ImageEditBenchmark.clientAt(iteration, 3);
        }
        assertArrayEquals(new int[] {0, 1, 2, 2, 1, 0, 0, 1, 2}, order);
    }

    private static Run run(Case benchCase, Client client, int cycle, double opsPerSecond) {
        return run(benchCase, client, 1, cycle, opsPerSecond);
    }

    private static Run run(Case benchCase, Client client, int fork, int cycle, double opsPerSecond) {
        return new Run(benchCase, client, fork, cycle, opsPerSecond, 1000, benchCase.threads, null);
    }

    private static String render(Run... runs) {
        return new Report(List.of(runs), BenchmarkMain.MIN_THROUGHPUT_RATIO).render();
    }

    private static void assertContains(String report, String expected) {
        assertTrue(report.contains(expected), () -> "expected\n  " + expected + "\nin\n" + report);
    }
}
