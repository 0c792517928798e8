package io.github.gatewaysdk.aistats.benchmarks;

import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * One image-edit call per operation. The clients take turns, one per JMH iteration, in one JVM: a slow
 * second of the machine then lands on neighbouring iterations of different clients, not on one client's
 * whole run. The canned servers run in the launching JVM ({@link BenchmarkMain}), so the allocation
 * figures are the clients' alone.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ImageEditBenchmark {

    /** The system property carrying the base URI of the server that answers {@code client} in cases of {@code payload}. */
    static String serverProperty(Payload payload, Client client) {
        return "aistats.benchmark.server." + payload.name() + "." + client.name();
    }

    /**
     * The client that runs iteration {@code iteration} (warm-up iterations count): the clients in order
     * in even cycles and in reverse in odd ones, so none always follows the same neighbour.
     */
    static int clientAt(int iteration, int clients) {
        int position = iteration % clients;
        return (iteration / clients) % 2 == 0 ? position : clients - 1 - position;
    }

    /** The clients, shared by all benchmark threads like an application's client, and the request they send. */
    @State(Scope.Benchmark)
    public abstract static class Fixture {
        private static final int WARMUP_TURN_MILLIS = 250;

        /** The clients taking turns, as comma-separated {@link Client} names. */
        @Param("SOCKET,RAW_HC5,SDK,SDK_ASYNC,JDK_HTTP")
        public String clients;

        /** Milliseconds of calls each client makes from one thread before JMH's warm-up; see {@link #warmUpSingleThreaded}. */
        @Param("0")
        public int singleThreadWarmupMillis;

        private final List<Client.Call> calls = new ArrayList<>();
        private ImagesEditRequest request;
        private int iteration = -1;
        private volatile Client.Call current;

        abstract Payload payload();

        @Setup(Level.Trial)
        public void open() throws Exception {
            request = payload().request();
            for (Client client : BenchmarkMain.parse(Client.class, clients)) {
                String property = serverProperty(payload(), client);
                String server = System.getProperty(property);
                if (server == null) {
                    throw new IllegalStateException(property + " is unset: run through BenchmarkMain");
                }
                calls.add(client.open(URI.create(server), request));
            }
            warmUpSingleThreaded();
        }

        /**
         * With 16 benchmark threads and 16 server threads on two cores, the JIT compiler gets little CPU and
         * throughput climbs for a minute of JMH's warm-up; the same code compiles in seconds when called from
         * one thread. The clients take turns here as they do in the iterations.
         */
        private void warmUpSingleThreaded() throws Exception {
            for (int done = 0; done < singleThreadWarmupMillis; done += WARMUP_TURN_MILLIS) {
                for (Client.Call call : calls) {
                    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WARMUP_TURN_MILLIS);
                    while (System.nanoTime() < end) {
                        call.edit(request);
                    }
                }
            }
        }

        @Setup(Level.Iteration)
        public void nextClient() {
            current = calls.get(clientAt(++iteration, calls.size()));
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            for (Client.Call call : calls) {
                call.close();
            }
        }

        Object edit() throws Exception {
            return current.edit(request);
        }
    }

    @State(Scope.Benchmark)
    public static class Small extends Fixture {
        @Override
        Payload payload() {
            return Payload.SMALL;
        }
    }

    @State(Scope.Benchmark)
    public static class Large extends Fixture {
        @Override
        Payload payload() {
            return Payload.LARGE;
        }
    }

    @Benchmark
    @Threads(1)
    public Object smallOneThread(Small fixture) throws Exception {
        return fixture.edit();
    }

    @Benchmark
    @Threads(16)
    public Object smallSixteenThreads(Small fixture) throws Exception {
        return fixture.edit();
    }

    @Benchmark
    @Threads(1)
    public Object largeOneThread(Large fixture) throws Exception {
        return fixture.edit();
    }
}
