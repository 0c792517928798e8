package io.github.gatewaysdk.aistats.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gatewaysdk.aistats.AiStatsClient;
import io.github.gatewaysdk.aistats.core.AttemptRequest;
import io.github.gatewaysdk.aistats.core.AttemptResponse;
import io.github.gatewaysdk.aistats.core.Interceptor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records what the SDK puts on the wire, as one of its interceptors: every attempt's method, path, headers, body
 * (multipart parts and the keys of JSON parts), and the status, headers and body of its answer, which is validated
 * against the contract in the JVM. The lockstep guard reads {@link #allExchanges()} at the end of the run. Being the
 * last interceptor, it sees the request exactly as the core hands it to HttpClient.
 */
final class WireRecorder implements Interceptor {
    /** Tests tag each call with this header so they can find its exchange. */
    static final String CALL_ID_HEADER = "X-Contract-Test-Call";
    /** Added to response bodies by a recorder made with {@code addUnknownProperties}: a field no contract has. */
    static final String UNKNOWN_PROPERTY = "x_contract_test_unknown";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Exchange> ALL = new CopyOnWriteArrayList<>();
    private static volatile OpenApiInteractionValidator validator;

    private final boolean addUnknownProperties;
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

    /**
     * @param addUnknownProperties whether answers reach the SDK with {@value #UNKNOWN_PROPERTY} added to every object,
     *     as a newer gateway may send; the recording and its validation keep the mock's original body
     */
    WireRecorder(boolean addUnknownProperties) {
        this.addUnknownProperties = addUnknownProperties;
    }

    /** The SDK entry point, pointed at {@code baseUrl} with a key and this recorder; the rest is the default. */
    AiStatsClient client(String baseUrl) {
        return AiStatsClient.builder().apiKey(Fixtures.API_KEY).baseUrl(baseUrl).addInterceptor(this).build();
    }

    @Override
    public AttemptResponse intercept(Chain chain) throws IOException {
        AttemptRequest request = chain.request();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        request.writeBodyTo(body);
        AttemptResponse response = chain.proceed(request).bufferBody();
        record(request, body.toByteArray(), response);
        return addUnknownProperties ? response.withBody(withUnknownProperties(response.bodyBytes())) : response;
    }

    /** Every exchange of every recorder in this JVM, in order. */
    static List<Exchange> allExchanges() {
        return Collections.unmodifiableList(ALL);
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
        throw new NoSuchElementException("No request tagged " + callId + " was recorded");
    }

    private void record(AttemptRequest request, byte[] requestBody, AttemptResponse response) {
        Map<String, List<String>> requestHeaders = new LinkedHashMap<>();
        for (String name : request.headers().keySet()) {
            requestHeaders.put(name.toLowerCase(Locale.ROOT), List.of(request.header(name)));
        }
        String requestType = request.contentType();
        if (requestType != null) {
            requestHeaders.put("content-type", List.of(requestType));
        }
        List<Multipart.Part> parts = Multipart.parse(requestType, requestBody);
        Set<String> sent = requestType != null && requestType.toLowerCase(Locale.ROOT).contains("json")
                ? Multipart.jsonPropertyNames(requestBody) : Multipart.propertyNames(parts);
        Map<String, List<String>> responseHeaders = new LinkedHashMap<>();
        response.headers().forEach((name, values) -> responseHeaders.put(name.toLowerCase(Locale.ROOT), values));
        String method = request.method();
        String path = request.uri().getRawPath();
        String responseBody = new String(response.bodyBytes(), StandardCharsets.UTF_8);
        Exchange exchange = new Exchange(request.header(CALL_ID_HEADER), method, path, requestHeaders,
                List.copyOf(parts), sent, response.statusCode(), responseHeaders, responseBody,
                validateResponse(method, path, response.statusCode(), response.header("content-type"), responseBody),
                new String(requestBody, StandardCharsets.UTF_8));
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
            synchronized (WireRecorder.class) {
                if (validator == null) {
                    validator = validatorOf(LevelResolver.create()).build();
                }
            }
        }
        return validator;
    }

    /**
     * The validator's settings for this contract. {@code allOf} parts are merged before validating, as OpenAPI means
     * them: the gateway's contract closes parts with {@code additionalProperties: false}, which validated one by one no
     * value can satisfy. A discriminator on a schema without branches (the gateway's {@code ChatMessage.role}) names
     * no schema, so the validator's discriminator rule is left to {@link AnswerCheck}, which reads branches by it.
     */
    static OpenApiInteractionValidator.Builder validatorOf(LevelResolver.Builder levels) {
        return OpenApiInteractionValidator.createForSpecificationUrl(Contract.file().toUri().toString())
                .withBasePathOverride("/")
                .withResolveCombinators(true)
                .withLevelResolver(levels
                        .withLevel("validation.response.body.schema.discriminator", ValidationReport.Level.IGNORE)
                        .build());
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
            node.forEach(WireRecorder::addUnknown);
            ObjectNode unknown = ((ObjectNode) node).putObject(UNKNOWN_PROPERTY);
            unknown.put("note", "added by the contract tests").putArray("list").add(1).add("two");
        } else if (node.isArray()) {
            node.forEach(WireRecorder::addUnknown);
        }
    }
}
