package io.github.gatewaysdk.aistats.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.gatewaysdk.aistats.mock.PrismMock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A recording reverse proxy between the SDK and a Prism mock. The SDK's builder takes no HttpClient or interceptor, so
 * the wire is observed here instead: every exchange is recorded (method, path, multipart parts and the keys of JSON
 * parts, status, response headers and body) and its response is validated against the contract in the JVM. The
 * lockstep guard reads {@link #allExchanges()} at the end of the run.
 *
 * <p>One tap per mock and mode for the whole JVM, like the mocks themselves; closed by a shutdown hook.
 */
final class WireTap implements AutoCloseable {
    /** Tests tag each call with this header so they can find its exchange. */
    static final String CALL_ID_HEADER = "X-Contract-Test-Call";
    /** Added to response bodies by {@link #addingUnknownProperties}: a field no version of the contract has. */
    static final String UNKNOWN_PROPERTY = "x_contract_test_unknown";

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "expect", "host",
            "keep-alive", "te", "trailer", "transfer-encoding", "upgrade", "proxy-connection", "date");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, WireTap> TAPS = new ConcurrentHashMap<>();
    private static final List<Exchange> ALL = new CopyOnWriteArrayList<>();
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static volatile OpenApiInteractionValidator validator;

    private final String target;
    private final boolean addUnknownProperties;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient forward = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

    private WireTap(String target, boolean addUnknownProperties) throws IOException {
        this.target = target;
        this.addUnknownProperties = addUnknownProperties;
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "wire-tap-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "wire-tap-stop"));
    }

    /** The tap in front of {@code mock}: responses pass unchanged. */
    static WireTap inFrontOf(PrismMock mock) {
        return TAPS.computeIfAbsent("plain " + mock.baseUrl(), k -> start(mock.baseUrl(), false));
    }

    /**
     * A tap that adds {@value #UNKNOWN_PROPERTY} to the response object and to every object in its arrays: what a
     * newer gateway may send. Validation sees the mock's original body.
     */
    static WireTap addingUnknownProperties(PrismMock mock) {
        return TAPS.computeIfAbsent("unknown-properties " + mock.baseUrl(), k -> start(mock.baseUrl(), true));
    }

    private static WireTap start(String target, boolean addUnknownProperties) {
        try {
            return new WireTap(target, addUnknownProperties);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open the recording proxy", e);
        }
    }

    /** Every exchange through every tap in this JVM, in order. */
    static List<Exchange> allExchanges() {
        return Collections.unmodifiableList(ALL);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Exchange> exchanges() {
        return Collections.unmodifiableList(exchanges);
    }

    /** The exchange of the call tagged {@code callId} (its last attempt, if the SDK retried). */
    Exchange exchange(String callId) {
        for (int i = exchanges.size() - 1; i >= 0; i--) {
            if (callId.equals(exchanges.get(i).callId())) {
                return exchanges.get(i);
            }
        }
        throw new NoSuchElementException("No request tagged " + callId + " went through " + baseUrl());
    }

    private void handle(HttpExchange http) throws IOException {
        try (http) {
            byte[] requestBody = http.getRequestBody().readAllBytes();
            String method = http.getRequestMethod();
            URI uri = http.getRequestURI();
            Map<String, List<String>> requestHeaders = lowerCased(http.getRequestHeaders());

            HttpRequest.Builder forwarded = HttpRequest.newBuilder(URI.create(target + uri.getRawPath()
                            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, requestBody.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(requestBody));
            requestHeaders.forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name)) {
                    values.forEach(value -> forwarded.header(name, value));
                }
            });
            HttpResponse<byte[]> response;
            try {
                response = forward.send(forwarded.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                http.sendResponseHeaders(502, -1);
                return;
            } catch (IOException e) {
                // The mock is gone: answer as a gateway would, and say so in the body.
                byte[] message = ("wire tap could not reach " + target + ": " + e).getBytes(StandardCharsets.UTF_8);
                http.sendResponseHeaders(502, message.length);
                http.getResponseBody().write(message);
                return;
            }

            Map<String, List<String>> responseHeaders = lowerCased(response.headers().map());
            String contentType = response.headers().firstValue("content-type").orElse(null);
            String body = new String(response.body(), StandardCharsets.UTF_8);
            record(method, uri.getRawPath(), requestHeaders, requestBody, response.statusCode(), responseHeaders,
                    contentType, body);

            byte[] sent = addUnknownProperties ? withUnknownProperties(response.body()) : response.body();
            responseHeaders.forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name)) {
                    values.forEach(value -> http.getResponseHeaders().add(name, value));
                }
            });
            http.sendResponseHeaders(response.statusCode(), sent.length == 0 ? -1 : sent.length);
            if (sent.length > 0) {
                try (OutputStream out = http.getResponseBody()) {
                    out.write(sent);
                }
            }
        } catch (RuntimeException | IOException e) {
            e.printStackTrace(); // HttpServer swallows handler failures; a test then fails on the missing exchange.
            throw e;
        }
    }

    private void record(String method, String path, Map<String, List<String>> requestHeaders, byte[] requestBody,
            int status, Map<String, List<String>> responseHeaders, String contentType, String body) {
        String requestType = first(requestHeaders, "content-type");
        List<Multipart.Part> parts = Multipart.parse(requestType, requestBody);
        Set<String> sent = requestType != null && requestType.toLowerCase(Locale.ROOT).contains("json")
                ? Multipart.jsonPropertyNames(requestBody) : Multipart.propertyNames(parts);
        Exchange exchange = new Exchange(first(requestHeaders, CALL_ID_HEADER.toLowerCase(Locale.ROOT)), method, path,
                requestHeaders, List.copyOf(parts), sent, status, responseHeaders, body,
                validateResponse(method, path, status, contentType, body));
        exchanges.add(exchange);
        ALL.add(exchange);
    }

    /** The contract's verdict on a response: empty when it conforms. */
    static List<String> validateResponse(String method, String path, int status, String contentType, String body) {
        Request.Method parsed;
        try {
            parsed = Request.Method.valueOf(method.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return List.of("method " + method + " cannot be validated");
        }
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status).withBody(body);
        if (contentType != null) {
            response.withContentType(contentType);
        }
        ValidationReport report = validator().validateResponse(path, parsed, response.build());
        List<String> violations = new ArrayList<>();
        for (ValidationReport.Message message : report.getMessages()) {
            if (message.getLevel() == ValidationReport.Level.ERROR) {
                violations.add(message.getKey() + ": " + message.getMessage());
            }
        }
        return violations;
    }

    /** The contract's validator; Prism serves the paths without the server's {@code /v1}, so neither does this. */
    static OpenApiInteractionValidator validator() {
        if (validator == null) {
            synchronized (WireTap.class) {
                if (validator == null) {
                    validator = OpenApiInteractionValidator
                            .createForSpecificationUrl(Contract.file().toUri().toString())
                            .withBasePathOverride("/")
                            .build();
                }
            }
        }
        return validator;
    }

    private static byte[] withUnknownProperties(byte[] body) {
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (IOException notJson) {
            return body;
        }
        if (tree == null) {
            return body;
        }
        addUnknown(tree);
        try {
            return JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void addUnknown(JsonNode node) {
        if (node.isObject()) {
            node.forEach(WireTap::addUnknown);
            ObjectNode unknown = ((ObjectNode) node).putObject(UNKNOWN_PROPERTY);
            unknown.put("note", "added by the contract tests").putArray("list").add(1).add("two");
        } else if (node.isArray()) {
            node.forEach(WireTap::addUnknown);
        }
    }

    private static Map<String, List<String>> lowerCased(Map<String, List<String>> headers) {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            if (name != null) {
                lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values);
            }
        });
        return lower;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
