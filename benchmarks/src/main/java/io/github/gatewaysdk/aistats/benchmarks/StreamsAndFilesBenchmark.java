package io.github.gatewaysdk.aistats.benchmarks;

import com.fasterxml.jackson.databind.ObjectReader;
import io.github.gatewaysdk.aistats.benchmarks.gateway.BenchGatewayClient;
import io.github.gatewaysdk.aistats.benchmarks.gateway.model.ChatChunk;
import io.github.gatewaysdk.aistats.benchmarks.gateway.model.ChatRequest;
import io.github.gatewaysdk.aistats.benchmarks.gateway.model.SpeechRequest;
import io.github.gatewaysdk.aistats.core.BinaryResponse;
import io.github.gatewaysdk.aistats.core.EventStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * Answers read as they arrive (issue 27): a stream of 1,000 small server-sent events and a 64 MiB binary answer, each
 * read whole by raw HttpClient 5, by the SDK's blocking form and by its asynchronous form, one call at a time, in one
 * run. For each: calls per second, the ratio to raw HttpClient 5, and the bytes allocated and CPU time used per call
 * by the threads that make the calls (the caller and the SDK's own, not the server's). The same answers at 100 events and at 1 MiB show how
 * allocation grows with the answer: per event for a stream, not at all for a binary answer if it is never held whole.
 *
 * <p>Not JMH, in the style of {@link InFlightBenchmark}: the SDK client is generated from the multi-resource test
 * contract (the client module's contract has neither kind of answer), and its threads must be counted. In each round
 * every client reads every answer for {@code bench.roundMillis} (600), the clients' order reversed from one round to
 * the next; ratios are taken within a round and the median of {@code bench.rounds} (7, after 3 warm-up) is printed.
 */
public final class StreamsAndFilesBenchmark {
    private static final int WARMUP_ROUNDS = 3;
    private static final int MIB = 1024 * 1024;
    private static final int EVENTS = 1000;
    private static final int FEW_EVENTS = 100;
    private static final int BINARY_BYTES = 64 * MIB;
    private static final int SMALL_BINARY_BYTES = MIB;
    /** One chat chunk as the gateway streams it: the properties of the contract's {@code ChatChunk}. */
    private static final String EVENT = "data: {\"id\":\"c1\",\"delta\":\"tok\"}\n\n";
    private static final String END_OF_EVENTS = "[DONE]";
    private static final String EVENT_STREAM = "text/event-stream";
    private static final String AUDIO = "audio/mpeg";
    private static final ObjectReader CHUNK_READER = Json.MAPPER.readerFor(ChatChunk.class);
    // Binary answers are read only on the main thread (the asynchronous form's too), so one buffer serves every call.
    private static final byte[] READ_BUFFER = new byte[64 * 1024];

    /** The clients compared; every ratio is against the first. */
    enum Form {
        RAW_HC5("raw HttpClient 5"), SDK_BLOCKING("SDK blocking"), SDK_ASYNC("SDK async");

        final String label;

        Form(String label) {
            this.label = label;
        }
    }

    /** Makes one call and reads its whole answer. */
    interface CallAndRead {
        /** @return the events or bytes read, checked against the answer's so that no client reads less */
        long call() throws Exception;
    }

    /**
     * One answer, served by a server of its own, and the call of each client.
     *
     * @param units the events or bytes in the answer
     */
    record Answer(String label, long units, CannedServer server, BenchGatewayClient sdk, Map<Form, CallAndRead> calls)
            implements AutoCloseable {
        @Override
        public void close() {
            sdk.close();
            server.close();
        }
    }

    /**
     * One client's reading of one answer in one round: CPU time and allocation are those of the main thread and the
     * SDK's threads; {@code connections} is how many the client opened meanwhile.
     */
    record Sample(double callsPerSecond, double bytesPerCall, double cpuMicrosPerCall, long connections) {
    }

    private StreamsAndFilesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 7);
        long roundMillis = Long.getLong("bench.roundMillis", 600);
        try (CloseableHttpClient raw = Client.pooledHttpClient5();
             Answer events = eventStream(EVENTS, raw);
             Answer fewEvents = eventStream(FEW_EVENTS, raw);
             Answer binary = binary(BINARY_BYTES, raw);
             Answer smallBinary = binary(SMALL_BINARY_BYTES, raw)) {
            Map<Answer, List<Map<Form, Sample>>> measured =
                    rounds(List.of(events, fewEvents, binary, smallBinary), rounds, roundMillis);
            report(measured);
            sizes(measured, "binary answer", smallBinary, binary, "growth per MiB of answer", MIB);
            sizes(measured, "event stream", fewEvents, events, "per event", 1);
        }
    }

    private static Map<Answer, List<Map<Form, Sample>>> rounds(List<Answer> answers, int rounds, long roundMillis)
            throws Exception {
        System.out.printf(Locale.ROOT, "one call at a time, %d warm-up + %d rounds of %d ms per client and answer%n",
                WARMUP_ROUNDS, rounds, roundMillis);
        Map<Answer, List<Map<Form, Sample>>> measured = new LinkedHashMap<>();
        answers.forEach(answer -> measured.put(answer, new ArrayList<>()));
        List<Form> forward = Arrays.asList(Form.values());
        List<Form> backward = new ArrayList<>(forward);
        Collections.reverse(backward);
        for (int round = -WARMUP_ROUNDS; round < rounds; round++) {
            // Reverse the order every round, so no client always runs on a machine another just warmed.
            List<Form> order = Math.floorMod(round, 2) == 0 ? forward : backward;
            for (Answer answer : answers) {
                Map<Form, Sample> samples = new EnumMap<>(Form.class);
                for (Form form : order) {
                    samples.put(form, run(answer, form, roundMillis));
                }
                if (round >= 0) {
                    measured.get(answer).add(samples);
                    printRound(round + 1, answer, samples);
                }
            }
        }
        return measured;
    }

    /** The SDK client of an answer's server, with its default settings. */
    private static BenchGatewayClient sdk(CannedServer server) {
        return BenchGatewayClient.builder().apiKey(Client.API_KEY).baseUrl(server.baseUri().toString()).build();
    }

    private static Answer eventStream(int events, CloseableHttpClient raw) throws IOException {
        byte[] body = (EVENT.repeat(events) + "data: " + END_OF_EVENTS + "\n\n").getBytes(StandardCharsets.UTF_8);
        // Chunked, as a gateway streams events whose total it does not know yet.
        CannedServer server = new CannedServer("/chat/completions", body,
                ContentType.create(EVENT_STREAM, StandardCharsets.UTF_8), true, 0);
        BenchGatewayClient sdk = sdk(server);
        URI uri = URI.create(server.baseUri() + "/chat/completions");
        // The SDK's streaming call sets stream itself; raw HttpClient 5 sends the same body.
        ChatRequest request = new ChatRequest().model("m");
        ChatRequest rawRequest = new ChatRequest().model("m").stream(true);
        Map<Form, CallAndRead> calls = new EnumMap<>(Form.class);
        calls.put(Form.RAW_HC5, () -> raw.execute(post(uri, rawRequest, EVENT_STREAM),
                response -> readEvents(Client.okBody(response.getCode(), response.getEntity().getContent()))));
        calls.put(Form.SDK_BLOCKING, () -> {
            try (EventStream<ChatChunk> stream = sdk.chat().createChatCompletionStreaming(request)) {
                stream.forEach(StreamsAndFilesBenchmark::take);
                return stream.eventCount();
            }
        });
        calls.put(Form.SDK_ASYNC, () -> {
            try (EventStream<ChatChunk> stream = sdk.async().chat().createChatCompletionStreaming(request).join()) {
                stream.subscribe(StreamsAndFilesBenchmark::take).join();
                return stream.eventCount();
            }
        });
        return new Answer(String.format(Locale.ROOT, "stream, %,d events", events), events, server, sdk, calls);
    }

    private static Answer binary(int bytes, CloseableHttpClient raw) throws IOException {
        CannedServer server = new CannedServer("/audio/speech", new byte[bytes], ContentType.create(AUDIO), false, 0);
        BenchGatewayClient sdk = sdk(server);
        URI uri = URI.create(server.baseUri() + "/audio/speech");
        SpeechRequest request = new SpeechRequest().input("hello");
        Map<Form, CallAndRead> calls = new EnumMap<>(Form.class);
        calls.put(Form.RAW_HC5, () -> raw.execute(post(uri, request, AUDIO),
                response -> readAll(Client.okBody(response.getCode(), response.getEntity().getContent()))));
        calls.put(Form.SDK_BLOCKING, () -> {
            try (BinaryResponse speech = sdk.audio().createSpeech(request)) {
                return readAll(speech.stream());
            }
        });
        // Read on the caller, as blocking code handed the answer would; the future completes once the headers came.
        calls.put(Form.SDK_ASYNC, () -> {
            try (BinaryResponse speech = sdk.async().audio().createSpeech(request).join()) {
                return readAll(speech.stream());
            }
        });
        return new Answer(String.format(Locale.ROOT, "binary, %d MiB", bytes / MIB), bytes, server, sdk, calls);
    }

    /** Raw HttpClient 5's request: the JSON body serialised on each call, as the SDK does. */
    private static HttpPost post(URI uri, Object body, String accept) throws IOException {
        HttpPost post = new HttpPost(uri);
        post.setHeader(HttpHeaders.AUTHORIZATION, Client.BEARER);
        post.setHeader(HttpHeaders.ACCEPT, accept);
        post.setEntity(new ByteArrayEntity(Json.MAPPER.writeValueAsBytes(body), ContentType.APPLICATION_JSON));
        return post;
    }

    /** Raw HttpClient 5's reading of the events: lines from the body, each data line read into a ChatChunk. */
    private static long readEvents(InputStream body) throws IOException {
        long events = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.startsWith("data:")) {
                    continue;
                }
                String data = line.substring(line.startsWith("data: ") ? 6 : 5);
                if (data.equals(END_OF_EVENTS)) {
                    break;
                }
                take(CHUNK_READER.readValue(data));
                events++;
            }
        }
        return events;
    }

    /** What every client does with an event: looks at it, so that no reading can be skipped. */
    private static void take(ChatChunk chunk) {
        if (chunk.getId() == null) {
            throw new IllegalStateException("an event without its id: " + chunk);
        }
    }

    /** Reads a body to its end into the one buffer, and closes it. */
    private static long readAll(InputStream body) throws IOException {
        long bytes = 0;
        try (InputStream in = body) {
            for (int n = in.read(READ_BUFFER); n != -1; n = in.read(READ_BUFFER)) {
                bytes += n;
            }
        }
        return bytes;
    }

    /**
     * One client reads one answer, call after call, for {@code millis}; counted are the calls, the bytes and CPU time
     * of the main thread and the SDK's threads, and the connections the answer's server accepted.
     */
    private static Sample run(Answer answer, Form form, long millis) throws Exception {
        CallAndRead call = answer.calls.get(form);
        List<Thread> counted = ThreadCounters.sdkThreads();
        counted.add(Thread.currentThread());
        long connectionsBefore = answer.server.connectionsOpened();
        ThreadCounters counters = ThreadCounters.start(counted);
        long calls = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            long read = call.call();
            if (read != answer.units) {
                throw new IllegalStateException(form.label + " read " + read + " of " + answer.label);
            }
            calls++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < millis * 1_000_000);
        long bytes = counters.bytesSinceStart();
        long cpuNanos = counters.cpuNanosSinceStart();
        return new Sample(calls / (elapsed / 1e9), (double) bytes / calls, cpuNanos / 1e3 / calls,
                answer.server.connectionsOpened() - connectionsBefore);
    }

    private static void printRound(int round, Answer answer, Map<Form, Sample> samples) {
        double raw = samples.get(Form.RAW_HC5).callsPerSecond;
        List<String> rates = new ArrayList<>();
        for (Form form : Form.values()) {
            double rate = samples.get(form).callsPerSecond;
            rates.add(String.format(Locale.ROOT, "%s %.0f calls/s", form.label, rate)
                    + (form == Form.RAW_HC5 ? "" : String.format(Locale.ROOT, " (%.2fx)", rate / raw)));
        }
        System.out.printf(Locale.ROOT, "round %d, %s: %s%n", round, answer.label, String.join(", ", rates));
    }

    private static void report(Map<Answer, List<Map<Form, Sample>>> measured) {
        System.out.println();
        System.out.println("| answer | client | calls/s (median) | vs raw HttpClient 5 (median of rounds) | bytes/call"
                + " (median) | CPU us/call (median) | connections opened |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Answer answer : measured.keySet()) {
            List<Map<Form, Sample>> rounds = measured.get(answer);
            for (Form form : Form.values()) {
                double ratio = median(rounds, r -> r.get(form).callsPerSecond / r.get(Form.RAW_HC5).callsPerSecond);
                long connections = rounds.stream().mapToLong(r -> r.get(form).connections).sum();
                System.out.printf(Locale.ROOT, "| %s | %s | %,.1f | %.2fx | %,.0f | %,.0f | %d |%n", answer.label,
                        form.label, median(rounds, r -> r.get(form).callsPerSecond), ratio,
                        bytesPerCall(measured, answer, form), median(rounds, r -> r.get(form).cpuMicrosPerCall),
                        connections);
            }
        }
    }

    /**
     * Allocation per call of the same answer at two sizes, and its growth between them: {@code perUnits} of the
     * answer's units (events, bytes) at a time.
     */
    private static void sizes(Map<Answer, List<Map<Form, Sample>>> measured, String kind, Answer smaller,
            Answer larger, String growth, long perUnits) {
        double units = (larger.units - smaller.units) / (double) perUnits;
        System.out.printf(Locale.ROOT, "%nBytes allocated per call (median), %s:%n| client | %s | %s | %s |%n"
                + "|---|---|---|---|%n", kind, smaller.label, larger.label, growth);
        for (Form form : Form.values()) {
            double small = bytesPerCall(measured, smaller, form);
            double large = bytesPerCall(measured, larger, form);
            System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f |%n", form.label, small, large,
                    (large - small) / units);
        }
    }

    private static double bytesPerCall(Map<Answer, List<Map<Form, Sample>>> measured, Answer answer, Form form) {
        return median(measured.get(answer), r -> r.get(form).bytesPerCall);
    }

    private static double median(List<Map<Form, Sample>> rounds, ToDoubleFunction<Map<Form, Sample>> value) {
        double[] sorted = rounds.stream().mapToDouble(value).sorted().toArray();
        return sorted[sorted.length / 2];
    }
}
