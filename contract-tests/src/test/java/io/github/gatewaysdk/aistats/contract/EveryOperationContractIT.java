package io.github.gatewaysdk.aistats.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.core.type.TypeReference;
import io.github.gatewaysdk.aistats.AiStatsClient;
import io.github.gatewaysdk.aistats.core.internal.ApiCore;
import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import io.github.gatewaysdk.aistats.core.ClientBuilder;
import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import io.github.gatewaysdk.aistats.errors.AiStatsServiceException;
import io.github.gatewaysdk.aistats.core.AutoPager;
import io.github.gatewaysdk.aistats.core.BinaryResponse;
import io.github.gatewaysdk.aistats.core.EventStream;
import io.github.gatewaysdk.aistats.core.FilePart;
import io.github.gatewaysdk.aistats.core.RawResponse;
import io.github.gatewaysdk.aistats.core.internal.Operation;
import io.github.gatewaysdk.aistats.internal.AiStatsClientOperations;
import io.github.gatewaysdk.aistats.core.RequestOptions;
import io.github.gatewaysdk.aistats.mock.AiStatsMock;
import io.github.gatewaysdk.aistats.mock.WithAiStatsMock;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openapitools.jackson.nullable.JsonNullableModule;

/**
 * Every operation of the contract, through the public client, with requests read off the contract: the smallest
 * (required properties only), then one per value of each body property ({@link SchemaValues}: each union branch, enum
 * value, null, bound and a non-ASCII text, nested properties included). The mock validates each request (2xx, no
 * violation), the wire carries each property as it was set, and the SDK's object holds what the answer carried. The
 * test knows no operation: it calls each through the client's generated operation index.
 */
@WithAiStatsMock(failOnViolations = false)
class EveryOperationContractIT {
    /** Reads the cases' values into the SDK's models; a file part's value is the path of the file to upload. */
    private static final ObjectMapper MODELS = new ObjectMapper().registerModule(new JsonNullableModule())
            .registerModule(new JavaTimeModule()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule().addDeserializer(FilePart.class,
                    new com.fasterxml.jackson.databind.deser.std.FromStringDeserializer<>(FilePart.class) {
                        @Override
                        protected FilePart _deserialize(String path, com.fasterxml.jackson.databind.DeserializationContext
                                context) {
                            return FilePart.of(java.nio.file.Path.of(path), "application/jsonl");
                        }
                    }));
    private static WireRecorder wire;
    private static AiStatsClient client;
    private static ApiCore core;

    /** One request of one operation, named for the report and for the guard. */
    record Case(String name, String method, String path, String operationId, ObjectNode query, ObjectNode body) {
        @Override
        public String toString() {
            return name;
        }

        /** The whole request, printed on a failure so that it can be sent again by hand. */
        String describe() {
            return name + " [query " + query + ", body " + body + "]";
        }
    }

    @BeforeAll
    static void connect(AiStatsMock mock) {
        wire = new WireRecorder(false);
        client = wire.client(mock.baseUrl());
        core = new ClientBuilder<ApiCore>(mock.baseUrl(), core -> core) {}.apiKey(Fixtures.API_KEY)
                .addInterceptor(wire).build();
    }

    @AfterAll
    static void disconnect() {
        client.close();
        core.close();
    }

    static List<Case> requests() {
        Contract contract = Contract.ofBuild();
        SchemaValues values = new SchemaValues(contract);
        List<Case> cases = new ArrayList<>();
        for (Contract.Operation operation : contract.operations()) {
            if (!operation.answersSuccess()) {
                continue; // the guard reports these as not exercisable
            }
            JsonNode schema = bodySchema(contract, operation);
            String label = operation.method() + " " + operation.pathTemplate();
            ObjectNode requiredQuery = JsonNodeFactory.instance.objectNode();
            ObjectNode everyQuery = JsonNodeFactory.instance.objectNode();
            for (JsonNode parameter : contract.operation(operation.method(), operation.pathTemplate()).path("parameters")) {
                JsonNode resolved = contract.resolve(parameter);
                if (resolved.path("in").asText().equals("query")) {
                    JsonNode sample = values.sample(contract.resolve(resolved.path("schema")));
                    everyQuery.set(resolved.path("name").asText(), sample);
                    if (resolved.path("required").asBoolean(false)) {
                        requiredQuery.set(resolved.path("name").asText(), sample);
                    }
                }
            }
            ObjectNode minimal = schema == null ? null : (ObjectNode) values.minimal(schema);
            cases.add(new Case(label + " smallest", operation.method(), operation.pathTemplate(),
                    operation.operationId(), requiredQuery, minimal));
            if (everyQuery.size() > requiredQuery.size()) {
                cases.add(new Case(label + " with every query parameter", operation.method(),
                        operation.pathTemplate(), operation.operationId(), everyQuery, minimal));
            }
            if (schema == null) {
                continue;
            }
            for (SchemaValues.Case value : values.valid(schema)) {
                ObjectNode body = minimal.deepCopy();
                body.setAll(value.body());
                cases.add(new Case(label + " " + value.name(), operation.method(), operation.pathTemplate(),
                        operation.operationId(), requiredQuery, body));
            }
        }
        return cases;
    }

    /** For each operation with a body, one request per constraint of the body, breaking it. */
    static List<Case> violations() {
        return breakingCases((values, schema, multipart) -> values.violations(schema));
    }

    /** For each operation with a body, one request per value the body's schema forbids. */
    static List<Case> forbidden() {
        return breakingCases((values, schema, multipart) -> values.invalid(schema, multipart));
    }

    private interface Breakers {
        List<SchemaValues.Case> of(SchemaValues values, JsonNode schema, boolean multipart);
    }

    private static List<Case> breakingCases(Breakers breakers) {
        Contract contract = Contract.ofBuild();
        SchemaValues values = new SchemaValues(contract);
        List<Case> cases = new ArrayList<>();
        for (Contract.Operation operation : contract.operations()) {
            JsonNode schema = bodySchema(contract, operation);
            if (schema == null || !operation.answersSuccess()) {
                continue;
            }
            boolean multipart = contract.operation(operation.method(), operation.pathTemplate()).path("requestBody")
                    .path("content").has("multipart/form-data");
            for (SchemaValues.Case value : breakers.of(values, schema, multipart)) {
                cases.add(new Case(operation + " " + value.name() + " (" + value.property() + ")", operation.method(),
                        operation.pathTemplate(), operation.operationId(), requiredQuery(contract, values, operation),
                        value.body()));
            }
        }
        return cases;
    }

    private static ObjectNode requiredQuery(Contract contract, SchemaValues values, Contract.Operation operation) {
        ObjectNode query = JsonNodeFactory.instance.objectNode();
        for (JsonNode parameter : contract.operation(operation.method(), operation.pathTemplate()).path("parameters")) {
            JsonNode resolved = contract.resolve(parameter);
            if (resolved.path("in").asText().equals("query") && resolved.path("required").asBoolean(false)) {
                query.set(resolved.path("name").asText(), values.sample(contract.resolve(resolved.path("schema"))));
            }
        }
        return query;
    }

    private static JsonNode bodySchema(Contract contract, Contract.Operation operation) {
        for (JsonNode media : contract.operation(operation.method(), operation.pathTemplate()).path("requestBody")
                .path("content")) {
            return contract.resolve(media.path("schema"));
        }
        return null;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void everyRequestTheContractAllowsIsSentAsSetAndAnsweredAsRead(Case request) throws Exception {
        sentAsSetAndAnsweredAsRead(request, false);
    }

    /** The same through {@code client.async()}: the same request on the wire, the same answer read. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void everyRequestTheContractAllowsIsSentTheSameWithoutBlocking(Case request) throws Exception {
        sentAsSetAndAnsweredAsRead(request, true);
    }

    private void sentAsSetAndAnsweredAsRead(Case request, boolean async) throws Exception {
        String callId = Fixtures.newCallId();
        RawResponse<?> response = send(request, Fixtures.tagged(callId), async);
        if (response.body() instanceof BinaryResponse) {
            ((BinaryResponse) response.body()).bytes(); // read to its end, which releases the connection
        }
        Exchange exchange = wire.exchange(callId);
        assertTrue(exchange.successful(), () -> request.describe() + ": the mock answered " + exchange.status() + ": "
                + exchange.responseBody());
        assertFalse(exchange.responseHeaders().containsKey("sl-violations"),
                () -> request.describe() + ": Prism reported " + exchange.responseHeaders().get("sl-violations"));
        assertEquals(List.of(), exchange.responseViolations(), request.describe() + ": the mock's answer breaks the contract");
        if (request.body() != null) {
            assertSentAsSet(request, exchange);
        }
        String answerType = String.valueOf(exchange.responseHeaders().get("content-type"));
        if (response.body() != null && !exchange.responseBody().isEmpty() && answerType.contains("json")) {
            Fixtures.assertAnswerHeld(exchange, response.body(), request.describe());
        }
    }

    /** The smallest request of every operation whose answer may stream: its streaming twin's case. */
    static List<Case> streaming() {
        return requests().stream().filter(request -> request.name().endsWith(" smallest")
                && indexed(request.operationId()).streams()).toList();
    }

    /** The smallest request of every list that pages: its auto-paging twin's case. */
    static List<Case> paging() {
        return requests().stream().filter(request -> request.name().endsWith(" smallest")
                && indexed(request.operationId()).pages()).toList();
    }

    /**
     * Each operation's streaming twin, in both forms, against the mock's event stream: it asks for the stream, and
     * every event the SDK hands over holds what its {@code data} carried, read with the contract's stream schema.
     * None for a contract whose answers never stream (the seed's).
     */
    @ParameterizedTest(name = "{0} async={1}", allowZeroInvocations = true)
    @MethodSource("streamingBothForms")
    void everyStreamingTwinHandsOverTheEventsAsTheContractSaysThem(Case request, boolean async) throws Exception {
        String callId = Fixtures.newCallId();
        List<Object> events = new ArrayList<>();
        Object[] args = arguments(request);
        Operation<AiStatsClient> operation = indexed(request.operationId());
        try (EventStream<?> stream = async ? operation.callStreamingAsync(client, args, Fixtures.tagged(callId)).get()
                : operation.callStreaming(client, args, Fixtures.tagged(callId))) {
            stream.forEach(events::add);
        }
        Exchange exchange = wire.exchange(callId);
        assertTrue(exchange.successful(), () -> request.describe() + ": the mock answered " + exchange.status());
        assertEquals("text/event-stream", exchange.requestHeaders().get("accept").get(0), request.describe());
        JsonNode schema = Contract.ofBuild().resolve(Contract.ofBuild().operation(request.method(), request.path())
                .path("responses").path(String.valueOf(exchange.status())).path("content").path("text/event-stream")
                .path("schema"));
        List<JsonNode> sent = new ArrayList<>();
        for (String line : exchange.responseBody().split("\n")) {
            if (line.startsWith("data:") && !line.substring(5).trim().equals("[DONE]")) {
                sent.add(Fixtures.readTree(line.substring(5).trim()));
            }
        }
        assertFalse(sent.isEmpty(), () -> request.describe() + ": no events in " + exchange.responseBody());
        assertEquals(sent.size(), events.size(), request.describe() + ": every event handed over, [DONE] not");
        for (int i = 0; i < sent.size(); i++) {
            if (events.get(i) instanceof io.github.gatewaysdk.aistats.core.ServerSentEvent) {
                continue; // a stream whose schema names no model: its events as sent
            }
            AnswerCheck check = AnswerCheck.of(Contract.ofBuild(), schema, sent.get(i), events.get(i));
            assertEquals(List.of(), check.differences(), request.describe() + ": event " + i + " " + sent.get(i));
        }
    }

    static List<Arguments> streamingBothForms() {
        return bothForms(streaming());
    }

    static List<Arguments> pagingBothForms() {
        return bothForms(paging());
    }

    private static List<Arguments> bothForms(List<Case> cases) {
        List<Arguments> both = new ArrayList<>();
        for (Case request : cases) {
            both.add(Arguments.of(request, false));
            both.add(Arguments.of(request, true));
        }
        return both;
    }

    /** The smallest request of every operation offering text besides JSON, with each media type, in both forms. */
    static List<Arguments> textBothForms() {
        List<Arguments> cases = new ArrayList<>();
        for (Case request : requests()) {
            if (request.name().endsWith(" smallest")) {
                for (String mediaType : indexed(request.operationId()).textMediaTypes()) {
                    cases.add(Arguments.of(request, mediaType, false));
                    cases.add(Arguments.of(request, mediaType, true));
                }
            }
        }
        return cases;
    }

    /**
     * Each text twin, in both forms, for each media type the operation offers besides JSON: it asks for that type,
     * the mock answers it as the contract says, and the text handed back is the body sent. None for a contract
     * without text alternatives (the seed's).
     */
    @ParameterizedTest(name = "{0} {1} async={2}", allowZeroInvocations = true)
    @MethodSource("textBothForms")
    void everyTextTwinAnswersInTheMediaTypeAskedFor(Case request, String mediaType, boolean async) throws Exception {
        String callId = Fixtures.newCallId();
        Operation<AiStatsClient> operation = indexed(request.operationId());
        String text = async
                ? operation.callTextAsync(client, arguments(request), mediaType, Fixtures.tagged(callId)).get()
                : operation.callText(client, arguments(request), mediaType, Fixtures.tagged(callId));
        Exchange exchange = wire.exchange(callId);
        assertTrue(exchange.successful(), () -> request.describe() + ": the mock answered " + exchange.status());
        assertEquals(List.of(mediaType), exchange.requestHeaders().get("accept"), request.describe());
        assertEquals(mediaType, String.valueOf(exchange.responseHeaders().get("content-type").get(0)).split(";")[0]
                .trim(), request.describe());
        assertEquals(List.of(), exchange.responseViolations(), request.describe() + ": the answer breaks the contract");
        assertEquals(exchange.responseBody(), text, request.describe());
    }

    /**
     * Each list's auto-paging twin, in both forms: its first items, each page a call the mock answers as the contract
     * says, from the offset the case set on. None for a contract without pages (the seed's).
     */
    @ParameterizedTest(name = "{0} async={1}", allowZeroInvocations = true)
    @MethodSource("pagingBothForms")
    void everyAutoPagerFetchesItsPagesThroughTheContract(Case request, boolean async) throws Exception {
        String callId = Fixtures.newCallId();
        AutoPager<?> pager = indexed(request.operationId()).callPaging(client, arguments(request),
                Fixtures.tagged(callId), async);
        List<Object> items = new ArrayList<>();
        if (async) {
            // Every page: the mock's sample page repeats, which ends paging (AutoPager), within a bound.
            pager.forEachAsync(item -> {
                if (items.size() < 5) {
                    items.add(item);
                }
            }).get(60, java.util.concurrent.TimeUnit.SECONDS);
        } else {
            for (Object item : pager) {
                items.add(item);
                if (items.size() == 5) {
                    break;
                }
            }
        }
        List<Exchange> pages = wire.exchanges().stream().filter(exchange -> callId.equals(exchange.callId())).toList();
        assertFalse(pages.isEmpty(), request.describe() + ": no page was fetched");
        for (Exchange page : pages) {
            assertTrue(page.successful(), () -> request.describe() + ": the mock answered " + page.status());
            assertEquals(List.of(), page.responseViolations(), request.describe() + ": a page breaks the contract");
        }
        assertTrue(items.stream().allMatch(java.util.Objects::nonNull), request.describe());
    }

    /**
     * A request that breaks a constraint is stopped by the SDK before anything is sent, with the property and the rule
     * in the message; the contract's bounds are the SDK's, with none written by hand.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void everyRequestTheContractForbidsIsStoppedBeforeSending(Case request) {
        stoppedBeforeSending(request, false);
    }

    /** The same through {@code client.async()}: the future fails with the same exception, nothing sent. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void everyRequestTheContractForbidsFailsTheFutureBeforeSending(Case request) {
        stoppedBeforeSending(request, true);
    }

    private void stoppedBeforeSending(Case request, boolean async) {
        int sentBefore = WireRecorder.allExchanges().size();
        String property = request.name().substring(request.name().lastIndexOf('(') + 1, request.name().length() - 1);
        IllegalArgumentException stopped = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> send(request, RequestOptions.none(), async), request::describe);
        assertTrue(stopped.getMessage().startsWith(property + " "), () -> request.describe() + ": " + stopped.getMessage());
        assertEquals(sentBefore, WireRecorder.allExchanges().size(), request.describe() + ": nothing is sent");
    }

    /**
     * A value the SDK's types cannot hold (a text for a boolean, an array for a union of text and object) goes raw
     * through the client's core, its public seam, and the mock rejects it naming the property.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("forbidden")
    void everyValueTheContractForbidsIsRejectedByTheMockNamingIt(Case request) {
        String property = request.name().substring(request.name().lastIndexOf('(') + 1, request.name().length() - 1);
        String callId = Fixtures.newCallId();
        ApiRequest.Builder<JsonNode> raw = ApiRequest.builder(request.method(), request.path(),
                ResponseType.json(new TypeReference<JsonNode>() {}));
        pathParams(request.path()).forEach(name -> raw.pathParam(name, "sample-" + name));
        request.query().fields().forEachRemaining(field -> raw.queryParam(field.getKey(), field.getValue().asText()));
        if (isMultipart(request)) {
            request.body().fields().forEachRemaining(field -> raw.part(field.getKey(),
                    field.getValue().isContainerNode() ? field.getValue() : field.getValue().asText()));
        } else {
            raw.jsonBody(request.body());
        }
        AiStatsServiceException rejected = org.junit.jupiter.api.Assertions.assertThrows(
                AiStatsServiceException.class, () -> core.execute(raw.build(), Fixtures.tagged(callId)),
                request::describe);
        // Prism answers an invalid request with the operation's 400 where the contract declares one, else 422; the
        // violations are in the 422's body, and in the sl-violations header of either.
        boolean declares400 = Contract.ofBuild().operation(request.method(), request.path()).path("responses").has("400");
        assertEquals(declares400 ? 400 : 422, rejected.statusCode(), request::describe);
        Exchange exchange = wire.exchange(callId);
        String named = rejected.getMessage() + " " + violationPaths(exchange);
        assertTrue(named.contains("body." + property), () -> request.describe() + ": " + named);
    }

    /** The locations Prism's sl-violations header names, as {@code body.provider.sort}. */
    private static String violationPaths(Exchange exchange) {
        List<String> paths = new ArrayList<>();
        for (String header : exchange.responseHeaders().getOrDefault("sl-violations", List.of())) {
            for (JsonNode violation : Fixtures.readTree(header)) {
                List<String> location = new ArrayList<>();
                violation.path("location").forEach(part -> location.add(part.asText()));
                paths.add(String.join(".", location));
            }
        }
        return String.join(", ", paths);
    }

    private static boolean isMultipart(Case request) {
        return Contract.ofBuild().operation(request.method(), request.path()).path("requestBody").path("content")
                .has("multipart/form-data");
    }

    /**
     * Calls the client's method for the operation through the generated operation index: its blocking form, or its
     * asynchronous twin's ({@code client.async()}), whose future is awaited and whose failure is rethrown as it is.
     */
    private static RawResponse<?> send(Case request, RequestOptions options, boolean async) throws Exception {
        Operation<AiStatsClient> operation = indexed(request.operationId());
        Object[] args = arguments(request);
        try {
            return async ? operation.callAsync(client, args, options).get() : operation.call(client, args, options);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    private static Operation<AiStatsClient> indexed(String operationId) {
        return AiStatsClientOperations.ALL.stream().filter(op -> op.operationId().equals(operationId)).findFirst()
                .orElseThrow(() -> new AssertionError("the operation index has no " + operationId));
    }

    /** The case's path parameters, parameter object and body, as the operation's method takes them. */
    private static Object[] arguments(Case request) throws Exception {
        List<Class<?>> types = indexed(request.operationId()).argumentTypes();
        Object[] args = new Object[types.size()];
        List<String> pathParams = pathParams(request.path());
        for (int i = 0; i < args.length; i++) {
            args[i] = i < pathParams.size() ? "sample-" + pathParams.get(i)
                    : types.get(i).getSimpleName().endsWith("Params") ? params(types.get(i), request.query())
                    : MODELS.treeToValue(request.body(), types.get(i));
        }
        return args;
    }

    /** A generated parameter object with the case's query parameters set through its fluent setters. */
    private static Object params(Class<?> type, ObjectNode query) throws Exception {
        Object params = type.getConstructor().newInstance();
        for (Iterator<Map.Entry<String, JsonNode>> fields = query.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            // A parameter named like the method's own locals is "_" + its name (generator/README.md, Names).
            Method setter = Arrays.stream(type.getMethods())
                    .filter(m -> (m.getName().equals(camel(field.getKey()))
                            || m.getName().equals("_" + camel(field.getKey()))) && m.getParameterCount() == 1)
                    .findFirst().orElseThrow(() -> new AssertionError(type + " has no setter for " + field.getKey()));
            setter.invoke(params, MODELS.treeToValue(field.getValue(), setter.getParameterTypes()[0]));
        }
        return params;
    }

    private static List<String> pathParams(String template) {
        List<String> names = new ArrayList<>();
        Matcher param = Pattern.compile("\\{([^}]+)}").matcher(template);
        while (param.find()) {
            names.add(param.group(1));
        }
        return names;
    }

    /** A query parameter's setter name: {@code max_results} gives {@code maxResults}. */
    private static String camel(String text) {
        StringBuilder out = new StringBuilder();
        boolean up = false;
        for (char c : text.toCharArray()) {
            if (c == '_' || c == '-') {
                up = true;
            } else {
                out.append(up ? Character.toUpperCase(c) : out.length() == 0 ? Character.toLowerCase(c) : c);
                up = false;
            }
        }
        return out.toString();
    }

    /**
     * Each top-level property of the body is on the wire as set (a text part, a JSON part, or a JSON property), and
     * nothing else is.
     */
    private static void assertSentAsSet(Case request, Exchange exchange) {
        boolean multipart = !exchange.parts().isEmpty();
        JsonNode json = multipart ? null : Fixtures.readTree(exchange.requestBody());
        java.util.Set<String> set = new java.util.TreeSet<>();
        request.body().fields().forEachRemaining(field -> {
            if (!multipart || !field.getValue().isNull()) {
                set.add(field.getKey());
            }
        });
        java.util.Set<String> onTheWire = new java.util.TreeSet<>();
        if (multipart) {
            exchange.parts().forEach(part -> onTheWire.add(part.name()));
        } else {
            json.fieldNames().forEachRemaining(onTheWire::add);
        }
        assertEquals(set, onTheWire, request.describe() + ": the properties on the wire");
        for (Iterator<Map.Entry<String, JsonNode>> fields = request.body().fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode expected = field.getValue();
            if (!multipart) {
                assertTrue(same(expected, json.path(field.getKey())), () -> request.describe() + ": " + field.getKey() + " set "
                        + expected + ", sent " + json.path(field.getKey()));
            } else if (expected.isArray() && java.util.stream.StreamSupport.stream(expected.spliterator(), false)
                    .allMatch(JsonNode::isValueNode)) {
                // An array of texts goes as one text part per item (OpenAPI 3.0's default encoding).
                List<String> items = new ArrayList<>();
                expected.forEach(item -> items.add(item.asText()));
                assertEquals(items, exchange.parts().stream().filter(part -> part.name().equals(field.getKey()))
                        .map(Multipart.Part::value).toList(), request.describe() + ": parts " + field.getKey());
            } else if (expected.isContainerNode()) {
                JsonNode sent = Fixtures.readTree(exchange.part(field.getKey()).orElseThrow().value());
                assertTrue(same(expected, sent), () -> request.describe() + ": part " + field.getKey() + " set " + expected
                        + ", sent " + sent);
            } else if (!expected.isNull()) {
                boolean file = Contract.ofBuild().requestProperty(request.method(), request.path(), field.getKey())
                        .path("format").asText().equals("binary");
                assertEquals(file ? Fixtures.UPLOAD_TEXT : expected.asText(),
                        exchange.part(field.getKey()).map(Multipart.Part::value).orElse(null),
                        request.describe() + ": part " + field.getKey() + (file ? ", the file's content" : ""));
            }
        }
    }

    private static boolean same(JsonNode expected, JsonNode actual) {
        return expected.equals((a, b) -> a.isNumber() && b.isNumber()
                ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1, actual);
    }
}
