package io.github.gatewaysdk.aistats.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatewaysdk.aistats.AiStatsClient;
import io.github.gatewaysdk.aistats.ImageData;
import io.github.gatewaysdk.aistats.core.RequestOptions;
import io.github.gatewaysdk.aistats.model.Image;
import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import io.github.gatewaysdk.aistats.model.ImagesEditResponse;
import io.github.gatewaysdk.aistats.model.ProviderRoutingOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/** Clients, requests and response checks shared by the contract tests. */
final class Fixtures {
    static final String API_KEY = "sk-contract-test";
    /** A 1x1 PNG: the SDK checks that image and mask are real images (data URLs) or http(s) URLs. */
    static final String IMAGE = ImageData.toDataUrl(Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="));
    static final String MASK_URL = "https://example.com/masks/hat.png";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    /** The SDK entry point, pointed at {@code baseUrl} with a key; everything else is the SDK's default. */
    static AiStatsClient client(String baseUrl) {
        return AiStatsClient.builder().apiKey(API_KEY).baseUrl(baseUrl).build();
    }

    static ImagesEditRequest requiredOnly() {
        return new ImagesEditRequest().model("gpt-image-1").image(IMAGE).prompt("Add a red top hat to the cat");
    }

    /** A fresh call id and the options that tag the call with it, so the test can find its exchange. */
    static String newCallId() {
        return UUID.randomUUID().toString();
    }

    static RequestOptions tagged(String callId) {
        return RequestOptions.builder().header(WireRecorder.CALL_ID_HEADER, callId).build();
    }

    /**
     * The checks every successful call gets: Prism accepted it (2xx, no {@code sl-violations}), the body conforms to
     * the contract, and the SDK's object holds exactly what the wire carried, field by field.
     */
    static void assertConformingExchange(Exchange exchange, ImagesEditResponse response) {
        assertTrue(exchange.successful(), () -> "mock answered " + exchange.status() + ": " + exchange.responseBody());
        assertFalse(exchange.responseHeaders().containsKey("sl-violations"),
                () -> "Prism reported violations: " + exchange.responseHeaders().get("sl-violations"));
        assertEquals(List.of(), exchange.responseViolations(), "the mock's response breaks the contract");
        assertDeserialisedFromWire(exchange.responseBody(), response);
    }

    /**
     * Each part on the wire carries exactly the value the request set, under the contract's name. Values, not just
     * names: the SDK passes fields to the generated API by position, and two String parameters that trade places
     * (as when the contract makes one of them required) would still pass Prism's validation.
     */
    static void assertSentAsSet(Exchange exchange, ImagesEditRequest request) {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("model", request.getModel());
        expected.put("image", request.getImage());
        expected.put("mask", request.getMask());
        expected.put("prompt", request.getPrompt());
        expected.put("size", request.getSize());
        expected.put("n", request.getN());
        expected.put("user", request.getUser());
        expected.put("meta", request.getMeta());
        expected.put("usage", request.getUsage());
        expected.values().removeIf(Objects::isNull);
        for (Map.Entry<String, Object> field : expected.entrySet()) {
            assertEquals(String.valueOf(field.getValue()),
                    exchange.part(field.getKey()).map(Multipart.Part::value).orElse(null), "part " + field.getKey());
        }
        ProviderRoutingOptions provider = request.getProvider();
        if (provider != null) {
            expected.put("provider", provider);
            Multipart.Part part = exchange.part("provider").orElseThrow();
            assertTrue(part.isJson(), "provider goes as an application/json part: " + part.contentType());
            JsonNode sent = readTree(part.value());
            assertEquals(JSON.valueToTree(provider.getOrder()), sent.get("order"), "provider.order");
            assertEquals(JSON.valueToTree(provider.getOnly()), sent.get("only"), "provider.only");
            assertEquals(JSON.valueToTree(provider.getIgnore()), sent.get("ignore"), "provider.ignore");
            assertEquals(JSON.valueToTree(provider.getIncludeAlpha()), sent.get("include_alpha"), "provider.include_alpha");
        }
        assertEquals(expected.keySet(), exchange.parts().stream().map(Multipart.Part::name)
                .collect(Collectors.toSet()), "exactly the set fields are sent");
    }

    /**
     * Every field of the contract's ImagesEditResponse and Image is compared with the raw JSON the SDK received; the
     * typed locals pin the Java types the contract implies (integer created, string fields).
     */
    static void assertDeserialisedFromWire(String body, ImagesEditResponse response) {
        assertNotNull(response, "the SDK returned no response object");
        JsonNode wire = readTree(body);
        Integer created = response.getCreated();
        assertEquals(wire.has("created") ? (Integer) wire.path("created").intValue() : null, created, "created");
        if (wire.has("created")) {
            assertTrue(wire.path("created").canConvertToInt(), "created fits the SDK's Integer: " + wire.path("created"));
        }
        List<Image> data = response.getData();
        JsonNode wireData = wire.path("data");
        assertEquals(wireData.isArray() ? wireData.size() : 0, data == null ? 0 : data.size(), "data size");
        for (int i = 0; data != null && i < data.size(); i++) {
            JsonNode wireImage = wireData.get(i);
            Image image = data.get(i);
            String url = image.getUrl();
            String b64Json = image.getB64Json();
            String revisedPrompt = image.getRevisedPrompt();
            assertEquals(text(wireImage, "url"), url, "data[" + i + "].url");
            assertEquals(text(wireImage, "b64_json"), b64Json, "data[" + i + "].b64_json");
            assertEquals(text(wireImage, "revised_prompt"), revisedPrompt, "data[" + i + "].revised_prompt");
            assertOnlyKnownFields(wireImage, List.of("url", "b64_json", "revised_prompt"), "data[" + i + "]");
        }
        assertOnlyKnownFields(wire, List.of("created", "data"), "response");
    }

    /** A field the wire carried that this test does not know means the contract grew: the test must grow too. */
    private static void assertOnlyKnownFields(JsonNode node, List<String> known, String where) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            assertTrue(known.contains(name) || name.equals(WireRecorder.UNKNOWN_PROPERTY),
                    () -> where + " has field '" + name + "' that these contract tests do not check");
        }
    }

    private static String text(JsonNode node, String field) {
        return node.has(field) && !node.path(field).isNull() ? node.path(field).asText() : null;
    }

    static JsonNode readTree(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }
}
