package io.github.gatewaysdk.aistats.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What Prism 5 cannot answer: {@code text/event-stream}. For an operation whose success the contract lets come as an
 * event stream, the front answers a request that asks for one ({@code Accept: text/event-stream}) with events whose
 * data follow the stream's schema: a sample of it when it is an object or array (its required and listed properties,
 * enum values, formats), else Prism's own JSON answer of the operation; then {@code data: [DONE]}.
 */
final class EventStreams {
    static final String MEDIA_TYPE = "text/event-stream";
    /** Events per generated stream: more than one, so a client's loop is exercised. */
    static final int EVENTS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ServedContract contract;

    EventStreams(ServedContract contract) {
        this.contract = contract;
    }

    /** @return whether the request asks for an event stream */
    static boolean asked(Map<String, List<String>> requestHeaders) {
        for (Map.Entry<String, List<String>> header : requestHeaders.entrySet()) {
            if (header.getKey().equalsIgnoreCase("Accept")
                    && header.getValue().stream().anyMatch(value -> value.contains(MEDIA_TYPE))) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param prismJson Prism's JSON answer for the operation, used as the data when the stream's schema is text
     * @return the data of each event for the operation, or null when it has no event-stream success
     */
    List<String> dataFor(String method, String path, byte[] prismJson) {
        MediaType events = eventsOf(method, path);
        if (events == null) {
            return null;
        }
        Schema<?> schema = events.getSchema();
        String data;
        if (schema != null && (schema.getProperties() != null || "object".equals(schema.getType())
                || "array".equals(schema.getType()) || schema.getOneOf() != null || schema.getAnyOf() != null)) {
            data = sample(schema, 0).toString();
        } else if (prismJson != null && prismJson.length > 0) {
            data = new String(prismJson, StandardCharsets.UTF_8).replace("\r", "").replace("\n", "");
        } else {
            data = "sample";
        }
        return Collections.nCopies(EVENTS, data);
    }

    /** @return the body of an event stream: one {@code data:} event per item, then {@code [DONE]} when asked */
    static byte[] body(List<String> data, boolean done) {
        StringBuilder stream = new StringBuilder();
        for (String item : data) {
            for (String line : item.split("\n", -1)) {
                stream.append("data: ").append(line).append('\n');
            }
            stream.append('\n');
        }
        if (done) {
            stream.append("data: [DONE]\n\n");
        }
        return stream.toString().getBytes(StandardCharsets.UTF_8);
    }

    private MediaType eventsOf(String method, String path) {
        Operation operation = contract.operation(method, path);
        if (operation == null || operation.getResponses() == null) {
            return null;
        }
        for (Map.Entry<String, ApiResponse> response : operation.getResponses().entrySet()) {
            if (response.getKey().startsWith("2") && response.getValue().getContent() != null
                    && response.getValue().getContent().get(MEDIA_TYPE) != null) {
                return response.getValue().getContent().get(MEDIA_TYPE);
            }
        }
        return null;
    }

    /** A value the schema allows: its example or first enum value, else one by type and format. */
    private static JsonNode sample(Schema<?> schema, int depth) {
        if (schema == null || depth > 8) {
            return NODES.nullNode();
        }
        if (schema.getExample() != null) {
            return JSON.valueToTree(schema.getExample());
        }
        if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
            return JSON.valueToTree(schema.getEnum().get(0));
        }
        if (schema.getOneOf() != null && !schema.getOneOf().isEmpty()) {
            return sample(schema.getOneOf().get(0), depth + 1);
        }
        if (schema.getAnyOf() != null && !schema.getAnyOf().isEmpty()) {
            return sample(schema.getAnyOf().get(0), depth + 1);
        }
        String type = schema.getType() != null ? schema.getType() : schema.getProperties() != null ? "object" : "";
        switch (type) {
            case "object": {
                ObjectNode object = NODES.objectNode();
                if (schema.getProperties() != null) {
                    schema.getProperties().forEach((name, property) -> object.set(name, sample(property, depth + 1)));
                }
                return object;
            }
            case "array": {
                ArrayNode array = NODES.arrayNode();
                array.add(sample(schema.getItems(), depth + 1));
                return array;
            }
            case "integer":
                return NODES.numberNode(schema.getMinimum() != null ? schema.getMinimum().longValue() : 1);
            case "number":
                return NODES.numberNode(schema.getMinimum() != null ? schema.getMinimum().doubleValue() : 1.5);
            case "boolean":
                return NODES.booleanNode(true);
            default:
                if ("date-time".equals(schema.getFormat())) {
                    return NODES.textNode("2026-01-01T00:00:00Z");
                }
                if ("uuid".equals(schema.getFormat())) {
                    return NODES.textNode("00000000-0000-4000-8000-000000000000");
                }
                if ("uri".equals(schema.getFormat())) {
                    return NODES.textNode("https://example.com/sample");
                }
                return NODES.textNode("sample");
        }
    }
}
