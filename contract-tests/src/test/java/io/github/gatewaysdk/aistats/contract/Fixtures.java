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
import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import io.github.gatewaysdk.aistats.model.ProviderRoutingOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
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
    /** What the contract tests upload where the contract has a file part ({@code format: binary}). */
    static final String UPLOAD_TEXT = "{\"custom_id\":\"req-1\",\"body\":{\"prompt\":\"猫\"}}\n";
    static final Path UPLOAD = upload();

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
    static void assertConformingExchange(Exchange exchange, Object response) {
        assertTrue(exchange.successful(), () -> "mock answered " + exchange.status() + ": " + exchange.responseBody());
        assertFalse(exchange.responseHeaders().containsKey("sl-violations"),
                () -> "Prism reported violations: " + exchange.responseHeaders().get("sl-violations"));
        assertEquals(List.of(), exchange.responseViolations(), "the mock's response breaks the contract");
        assertAnswerHeld(exchange, response, exchange.method() + " " + exchange.path());
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
     * The SDK's object holds what the wire carried, every property the contract declares for this answer compared
     * ({@link AnswerCheck}); a property the contract does not declare fails apart, as the mock drifting from it.
     */
    static void assertAnswerHeld(Exchange exchange, Object sdkObject, String request) {
        Contract contract = Contract.ofBuild();
        Contract.Operation operation = contract.operationOf(exchange.method(), exchange.path());
        assertNotNull(operation, () -> "no operation of the contract is " + exchange.method() + " " + exchange.path());
        JsonNode schema = contract.responseSchema(operation.method(), operation.pathTemplate(), exchange.status());
        AnswerCheck check = AnswerCheck.of(contract, schema, readTree(exchange.responseBody()), sdkObject);
        assertEquals(List.of(), check.drift(), () -> request + ": the answer has properties the contract does not"
                + " declare for it, so the mock or the server drifts from the contract: " + exchange.responseBody());
        assertEquals(List.of(), check.differences(), () -> request + ": the SDK does not hold what the wire carried: "
                + exchange.responseBody());
    }

    private static Path upload() {
        try {
            Path file = Files.createTempFile("ai-stats-upload-", ".jsonl");
            Files.writeString(file, UPLOAD_TEXT);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readTree(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }
}
