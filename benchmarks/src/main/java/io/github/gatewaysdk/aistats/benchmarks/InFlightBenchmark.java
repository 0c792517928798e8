package io.github.gatewaysdk.aistats.benchmarks;

import io.github.gatewaysdk.aistats.AiStatsClient;
import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import io.github.gatewaysdk.aistats.model.ImagesEditResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * 256 small image edits in flight against a server that answers each after 50 ms: the asynchronous client with its
 * default threads against the blocking client with 256 caller threads, in one run. For each: calls per second, the
 * threads its SDK client started (live {@code ai-stats-*} threads; the blocking form's callers are the
 * application's), and bytes allocated per call by the threads that make the calls (callers and the SDK's own, not
 * the server's).
 *
 * <p>Not JMH: the quantity is the wall-clock throughput of a fixed number of calls in flight, which JMH's per-thread
 * loops do not model for futures. The forms alternate, round by round, and each ratio is taken within a round.
 * Settings: {@code bench.rounds} (7 measured, after 3 warm-up), {@code bench.roundMillis} (3000).
 */
public final class InFlightBenchmark {
    static final int IN_FLIGHT = 256;
    static final long ANSWER_DELAY_MILLIS = 50;
    private static final int WARMUP_ROUNDS = 3;

    /** One form's round: calls completed, their rate, SDK threads alive mid-round, bytes allocated per call. */
    record Round(String form, long calls, double callsPerSecond, int sdkThreads, double bytesPerCall) {
    }

    private InFlightBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 7);
        long roundMillis = Long.getLong("bench.roundMillis", 3000);
        ImagesEditRequest request = Payload.SMALL.request();
        List<Round[]> measured = new ArrayList<>();
        // A client per form. The blocking one makes a call before the asynchronous one exists, so the SDK threads
        // alive then are the blocking form's, and those started later the asynchronous form's.
        try (CannedServer server = new CannedServer(Payload.SMALL.responseJson(), ANSWER_DELAY_MILLIS);
             AiStatsClient blockingClient = client(server)) {
            blockingClient.images().edit(request);
            Set<Thread> blockingThreads = Set.copyOf(ThreadCounters.sdkThreads());
            try (AiStatsClient asyncClient = client(server)) {
                rounds(blockingClient, asyncClient, blockingThreads, request, rounds, roundMillis, measured);
            }
        }
        report(measured);
    }

    private static void rounds(AiStatsClient blockingClient, AiStatsClient asyncClient, Set<Thread> blockingThreads,
            ImagesEditRequest request, int rounds, long roundMillis, List<Round[]> measured) throws InterruptedException {
        System.out.printf(Locale.ROOT, "%d calls in flight, answers after %d ms, %d warm-up + %d rounds of %d ms"
                + " per form%n", IN_FLIGHT, ANSWER_DELAY_MILLIS, WARMUP_ROUNDS, rounds, roundMillis);
        for (int round = -WARMUP_ROUNDS; round < rounds; round++) {
            // Alternate which form goes first, so neither always runs on a machine the other just warmed.
            boolean asyncFirst = round % 2 == 0;
            Round first = asyncFirst ? async(asyncClient, request, roundMillis, blockingThreads)
                    : blocking(blockingClient, request, roundMillis, blockingThreads);
            Round second = asyncFirst ? blocking(blockingClient, request, roundMillis, blockingThreads)
                    : async(asyncClient, request, roundMillis, blockingThreads);
            Round blocking = asyncFirst ? second : first;
            Round async = asyncFirst ? first : second;
            if (round >= 0) {
                measured.add(new Round[] {blocking, async});
                System.out.printf(Locale.ROOT, "round %d: blocking %.0f calls/s, async %.0f calls/s (%.2fx)%n",
                        round + 1, blocking.callsPerSecond, async.callsPerSecond,
                        async.callsPerSecond / blocking.callsPerSecond);
            }
        }
    }

    /** The SDK with its defaults, but a pool that holds every call in flight (the default is 64 connections). */
    private static AiStatsClient client(CannedServer server) {
        return AiStatsClient.builder().apiKey("sk-bench").baseUrl(server.baseUri().toString())
                .maxConnections(IN_FLIGHT).build();
    }

    /** 256 caller threads, each making one blocking call after another. */
    static Round blocking(AiStatsClient client, ImagesEditRequest request, long millis, Set<Thread> blockingThreads)
            throws InterruptedException {
        LongAdder calls = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        Set<Thread> callers = ConcurrentHashMap.newKeySet();
        CountDownLatch done = new CountDownLatch(IN_FLIGHT);
        for (int i = 0; i < IN_FLIGHT; i++) {
            Thread caller = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        client.images().edit(request);
                        calls.increment();
                    }
                } finally {
                    done.countDown();
                }
            }, "bench-caller-" + i);
            callers.add(caller);
            caller.start();
        }
        return measure("blocking", calls, millis, callers, blockingThreads::contains, () -> {
            stop.set(true);
            await(done);
        });
    }

    /** 256 calls kept in flight by a handful of threads: each completion starts the next call. */
    static Round async(AiStatsClient client, ImagesEditRequest request, long millis, Set<Thread> blockingThreads)
            throws InterruptedException {
        LongAdder calls = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(IN_FLIGHT);
        for (int i = 0; i < IN_FLIGHT; i++) {
            chain(client, request, calls, stop, done);
        }
        return measure("async", calls, millis, Set.of(), thread -> !blockingThreads.contains(thread), () -> {
            stop.set(true);
            await(done);
        });
    }

    private static void chain(AiStatsClient client, ImagesEditRequest request, LongAdder calls, AtomicBoolean stop,
            CountDownLatch done) {
        CompletableFuture<ImagesEditResponse> call = client.async().images().edit(request);
        call.whenComplete((response, error) -> {
            if (error != null) {
                System.err.println("call failed: " + error);
            } else {
                calls.increment();
            }
            if (stop.get()) {
                done.countDown();
            } else {
                chain(client, request, calls, stop, done);
            }
        });
    }

    /**
     * Lets the form run for {@code millis}, counting the calls that complete and the bytes allocated meanwhile by
     * {@code callers} and the SDK's threads; then stops it and waits for its calls in flight.
     */
    private static Round measure(String form, LongAdder calls, long millis, Set<Thread> callers,
            Predicate<Thread> formsSdkThread, Runnable stop) throws InterruptedException {
        Thread.sleep(Math.min(500, millis / 4)); // every call in flight before counting
        List<Thread> counted = new ArrayList<>(callers);
        ThreadCounters.sdkThreads().stream().filter(formsSdkThread).forEach(counted::add);
        ThreadCounters counters = ThreadCounters.start(counted);
        long startCalls = calls.sum();
        long start = System.nanoTime();
        Thread.sleep(millis / 2);
        int sdkThreads = (int) ThreadCounters.sdkThreads().stream().filter(formsSdkThread).count();
        Thread.sleep(millis - millis / 2);
        long elapsed = System.nanoTime() - start;
        long completed = calls.sum() - startCalls;
        long bytes = counters.bytesSinceStart();
        stop.run();
        return new Round(form, completed, completed / (elapsed / 1e9), sdkThreads, (double) bytes / completed);
    }

    private static void await(CountDownLatch done) {
        try {
            if (!done.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("calls still in flight 30 s after the round");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void report(List<Round[]> measured) {
        double[] ratios = measured.stream().mapToDouble(r -> r[1].callsPerSecond / r[0].callsPerSecond).sorted()
                .toArray();
        double ratio = ratios[ratios.length / 2];
        System.out.println();
        System.out.println("| form | calls/s (median) | SDK threads | bytes/call (median) |");
        System.out.println("|---|---|---|---|");
        for (int form = 0; form < 2; form++) {
            int f = form;
            double[] rates = measured.stream().mapToDouble(r -> r[f].callsPerSecond).sorted().toArray();
            double[] bytes = measured.stream().mapToDouble(r -> r[f].bytesPerCall).sorted().toArray();
            int threads = measured.stream().mapToInt(r -> r[f].sdkThreads).max().orElse(0);
            System.out.printf(Locale.ROOT, "| %s | %.0f | %d | %.0f |%n", measured.get(0)[form].form,
                    rates[rates.length / 2], threads, bytes[bytes.length / 2]);
        }
        System.out.printf(Locale.ROOT, "%nasync / blocking calls per second, median of %d rounds: %.2fx (each round: %s)"
                + " -> target >= %.2fx: %s%n", ratios.length, ratio, Arrays.toString(Arrays.stream(ratios)
                .mapToObj(r -> String.format(Locale.ROOT, "%.2f", r)).toArray()), BenchmarkMain.MIN_THROUGHPUT_RATIO,
                ratio >= BenchmarkMain.MIN_THROUGHPUT_RATIO ? "PASS" : "FAIL");
    }
}
