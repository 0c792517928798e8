package io.github.gatewaysdk.aistats.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The mock's address: a small HTTP server on 127.0.0.1 that forwards every request to Prism, so every request is
 * validated against the contract, then records the call with Prism's violations and, when a test asked for one,
 * answers a forced status instead: Prism's answer for that status when the contract declares it, else a problem
 * body; a test's own JSON answer is checked against the contract, and what breaks it is a violation too. A multipart
 * request's file parts, which Prism checks loosely, are checked here too ({@link FileParts}).
 */
final class ForwardingFront implements AutoCloseable {
    static {
        // The JDK's server writes a response's head and body apart; with Nagle's algorithm on, the body then waits
        // for the client's delayed ACK, about 40 ms a call (6 ms to Prism became 56 through the front). Read once,
        // when its first server starts: set here unless the test run chose otherwise.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Headers the JDK's client sets itself or that describe one hop only. */
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "date", "expect", "host",
            "keep-alive", "transfer-encoding", "upgrade");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One client for every front of the JVM: the fronts of one Prism share its connections. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final HttpServer server;
    private final ExecutorService executor;
    private volatile String prismUrl;
    private volatile AnswerCheck answers;
    private volatile EventStreams streams;
    private volatile FileParts files;
    private final ForcedAnswers forced;
    private final Consumer<MockCall> recorder;

    /** Answers that replace Prism's for the next calls, first in first out. */
    interface ForcedAnswers {
        ForcedAnswer poll();
    }

    /**
     * @param json the body, or null for a problem body naming the forced status
     * @param events the data of an event stream's events, or null when the answer is not one
     * @param breaks whether the event stream is cut before its end
     */
    record ForcedAnswer(int status, Map<String, String> headers, String json, List<String> events, boolean breaks) {
    }

    /** Binds the port at once, so a port in use fails before Prism is started. */
    ForwardingFront(int port, ForcedAnswers forced, Consumer<MockCall> recorder) {
        this.forced = forced;
        this.recorder = recorder;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (BindException e) {
            throw new AiStatsMockException("Port " + port + " on 127.0.0.1 is in use: choose another with -D"
                    + Settings.PORT.property() + " (or Options.port), or 0 for a free port.", e);
        } catch (IOException e) {
            throw new AiStatsMockException("Cannot listen on 127.0.0.1:" + port + ": " + e, e);
        }
        executor = Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "ai-stats-mock-front");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.createContext(UsableAnswers.IMAGE_PATH, ForwardingFront::serveImage);
    }

    /** Starts forwarding; {@code answers} checks the test's own answers against the contract Prism serves. */
    void forwardTo(String prismBaseUrl, AnswerCheck answers, EventStreams streams, FileParts files) {
        this.prismUrl = prismBaseUrl;
        this.answers = answers;
        this.streams = streams;
        this.files = files;
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            byte[] requestBody = exchange.getRequestBody().readAllBytes();
            byte[] forwarded = FileParts.typed(exchange.getRequestHeaders().getFirst("Content-Type"), requestBody);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(prismUrl + path))
                    .timeout(Duration.ofSeconds(60))
                    .method(method, forwarded.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(forwarded));
            // Prism 5 cannot answer an event stream: it is asked for JSON, and the stream made here (EventStreams).
            boolean stream = EventStreams.asked(exchange.getRequestHeaders());
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !(stream && name.equalsIgnoreCase("Accept"))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            if (stream) {
                request.header("Accept", "application/json");
            }
            // A forced status the contract declares gets Prism's answer for it (its example), so it keeps the contract.
            ForcedAnswer replacement = forced.poll();
            if (replacement != null && replacement.json() == null && replacement.events() == null) {
                request.header("Prefer", "code=" + replacement.status());
            }
            int status;
            Map<String, List<String>> headers;
            byte[] body;
            List<String> violations;
            try {
                HttpResponse<byte[]> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                status = answer.statusCode();
                headers = answer.headers().map();
                body = answer.body();
                violations = violations(answer);
                // What Prism missed in the file parts is answered as Prism answers its own violations: a 422.
                List<String> missed = new ArrayList<>(files.violations(method, path,
                        exchange.getRequestHeaders().getFirst("Content-Type"), requestBody));
                missed.removeAll(violations);
                if (!missed.isEmpty()) {
                    violations = new ArrayList<>(violations);
                    violations.addAll(missed);
                    byte[] invalid = invalidRequest(status, body, missed);
                    if (invalid != null) {
                        status = 422;
                        headers = Map.of("Content-Type", List.of("application/problem+json"));
                        body = invalid;
                    }
                }
            } catch (IOException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                status = 502;
                headers = Map.of("Content-Type", List.of("text/plain"));
                body = ("The AI Stats mock could not reach Prism at " + prismUrl + ": " + e).getBytes(StandardCharsets.UTF_8);
                violations = List.of();
            }
            boolean fromPrism = replacement == null || replacement.json() == null && replacement.events() == null;
            if (fromPrism && status / 100 == 2 && isJson(headers)) {
                body = UsableAnswers.of(body, "http://127.0.0.1:" + port());
            }
            boolean cut = false;
            List<String> events = replacement != null && replacement.events() != null ? replacement.events()
                    : stream && replacement == null && status / 100 == 2 ? streams.dataFor(method, path, body) : null;
            if (events != null && (status / 100 == 2 || replacement != null)) {
                status = 200;
                headers = Map.of("Content-Type", List.of(EventStreams.MEDIA_TYPE));
                cut = replacement != null && replacement.breaks();
                body = EventStreams.body(events, !cut);
            } else if (replacement != null) {
                Map<String, List<String>> forcedHeaders = new LinkedHashMap<>();
                if (replacement.json() == null && status == replacement.status()) {
                    forcedHeaders.putAll(headers); // Prism's answer for the status
                } else {
                    forcedHeaders.put("Content-Type", List.of(replacement.json() != null ? "application/json"
                            : "application/problem+json"));
                    body = (replacement.json() != null ? replacement.json() : "{\"title\":\"Forced by the AI Stats mock\","
                            + "\"status\":" + replacement.status() + ",\"detail\":\"answerNext(" + replacement.status()
                            + ") in the test\"}").getBytes(StandardCharsets.UTF_8);
                }
                status = replacement.status();
                replacement.headers().forEach((name, value) -> forcedHeaders.put(name, List.of(value)));
                headers = forcedHeaders;
                if (replacement.json() != null) {
                    violations = new ArrayList<>(violations);
                    violations.addAll(answers.violations(method, path, status, headers, body));
                }
            }
            recorder.accept(new MockCall(method, path, status, violations, replacement != null));
            headers.forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    exchange.getResponseHeaders().put(name, new ArrayList<>(values));
                }
            });
            boolean noBody = body.length == 0 || "HEAD".equals(method) || status == 204 || status == 304;
            // A stream that breaks announces more than it sends: closing it short cuts the connection.
            exchange.sendResponseHeaders(status, noBody ? -1 : cut ? body.length + 1024 : body.length);
            if (!noBody) {
                // A body written short of its length fails to close: the JDK's server then drops the connection.
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private static boolean isJson(Map<String, List<String>> headers) {
        return headers.entrySet().stream().anyMatch(header -> header.getKey().equalsIgnoreCase("content-type")
                && header.getValue().stream().anyMatch(type -> type.toLowerCase(Locale.ROOT).contains("json")));
    }

    /** The image that usable answers name by URL; recorded as no call, as it is not part of the contract. */
    private static void serveImage(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().put("Content-Type", List.of("image/png"));
            exchange.sendResponseHeaders(200, UsableAnswers.PNG.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(UsableAnswers.PNG);
            }
        }
    }

    /**
     * Prism reports a request's violations in the {@code sl-violations} header when it still answers, and in the
     * {@code validation} list of its own problem body (422, 401) when it does not; each becomes
     * {@code location: message}.
     */
    static List<String> violations(HttpResponse<byte[]> answer) {
        List<String> found = new ArrayList<>();
        answer.headers().firstValue("sl-violations").ifPresent(header -> addViolations(readJson(header.getBytes(StandardCharsets.UTF_8)), found));
        if (answer.headers().firstValue("content-type").orElse("").contains("problem+json")) {
            JsonNode problem = readJson(answer.body());
            if (problem.path("type").asText().startsWith("https://stoplight.io/prism/errors")) {
                addViolations(problem.path("validation"), found);
            }
        }
        return found;
    }

    /**
     * Prism's answer to an invalid request that the contract gives no 422 or 400: its problem body, with these
     * violations in its {@code validation} list too.
     * @return the body, or null when Prism answered otherwise (401, 404...): that answer stands
     */
    private static byte[] invalidRequest(int status, byte[] prismBody, List<String> violations) {
        JsonNode prism = status == 422 ? readJson(prismBody) : JSON.missingNode();
        ObjectNode problem;
        if (prism.isObject() && prism.path("type").asText().startsWith("https://stoplight.io/prism/errors")) {
            problem = (ObjectNode) prism;
        } else if (status / 100 == 2) {
            problem = JSON.createObjectNode().put("type", "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY")
                    .put("title", "Invalid request").put("status", 422).put("detail", "Your request is not valid and no"
                            + " HTTP validation response was found in the spec, so Prism is generating this error for you.");
        } else {
            return null;
        }
        ArrayNode list = problem.path("validation").isArray() ? (ArrayNode) problem.get("validation")
                : problem.putArray("validation");
        for (String violation : violations) {
            int colon = violation.indexOf(": ");
            ObjectNode entry = list.addObject();
            ArrayNode location = entry.putArray("location");
            List.of(violation.substring(0, colon).split("\\.")).forEach(location::add);
            entry.put("severity", "Error").put("message", violation.substring(colon + 2));
        }
        return problem.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void addViolations(JsonNode list, List<String> found) {
        for (JsonNode violation : list) {
            List<String> location = new ArrayList<>();
            violation.path("location").forEach(part -> location.add(part.asText()));
            if (!location.isEmpty() && location.get(0).equals("request")) {
                location.remove(0);
            }
            String entry = String.join(".", location) + ": " + violation.path("message").asText();
            if (!found.contains(entry)) {
                found.add(entry);
            }
        }
    }

    private static JsonNode readJson(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException notJson) {
            return JSON.missingNode();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
