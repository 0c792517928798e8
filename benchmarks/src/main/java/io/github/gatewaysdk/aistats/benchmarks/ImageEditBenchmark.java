package io.github.gatewaysdk.aistats.benchmarks;

import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * One image-edit call per operation. The canned servers run in the launching JVM
 * ({@link BenchmarkMain}), so the forked JVM's allocation figures are the client's alone.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ImageEditBenchmark {

    /** The system property carrying the base URI of the server that answers {@code payload}. */
    static String serverProperty(Payload payload) {
        return "aistats.benchmark.server." + payload.name();
    }

    /** A client and the request it sends, shared by all benchmark threads like an application's client. */
    @State(Scope.Benchmark)
    public abstract static class Fixture {
        @Param({"SOCKET", "RAW_HC5", "GENERATED", "SDK", "JDK_HTTP"})
        public Client client;

        private ImagesEditRequest request;
        private Client.Call call;

        abstract Payload payload();

        @Setup
        public void open() throws Exception {
            String server = System.getProperty(serverProperty(payload()));
            if (server == null) {
                throw new IllegalStateException(serverProperty(payload()) + " is unset: run through BenchmarkMain");
            }
            request = payload().request();
            call = client.open(URI.create(server), request);
        }

        @TearDown
        public void close() throws Exception {
            call.close();
        }

        Object edit() throws Exception {
            return call.edit(request);
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
