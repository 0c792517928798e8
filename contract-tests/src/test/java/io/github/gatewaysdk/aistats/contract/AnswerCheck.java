package io.github.gatewaysdk.aistats.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openapitools.jackson.nullable.JsonNullableModule;

/**
 * An answer's check derived from the contract: every property the contract declares, in every schema the answer
 * reaches (nested objects, array items, the branch of a union the value is), is compared between the wire and the
 * SDK's object; nothing is listed by hand, so a property added upstream is checked by the next build. The SDK's object
 * is read through its declared properties only (the undeclared ones it keeps are left out), so a declared property
 * that the SDK failed to map is a difference, not hidden among the extras. A property on the wire that the contract
 * does not declare is reported apart, as the mock or the server drifting from the contract.
 */
final class AnswerCheck {
    /** The SDK's objects as JSON, through their declared properties only. */
    private static final ObjectMapper DECLARED = new ObjectMapper().registerModule(new JsonNullableModule())
            .registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnyGetter(Annotated annotated) {
                    return Boolean.FALSE;
                }
            });
    private static final int MAX_DEPTH = 32;

    private final Contract contract;
    private final List<String> differences = new ArrayList<>();
    private final List<String> drift = new ArrayList<>();
    private final Set<String> compared = new LinkedHashSet<>();

    private AnswerCheck(Contract contract) {
        this.contract = contract;
    }

    /**
     * Compares the answer {@code wire} with {@code sdkObject}, the SDK's reading of it, along {@code schema}.
     *
     */
    static AnswerCheck of(Contract contract, JsonNode schema, JsonNode wire, Object sdkObject) {
        AnswerCheck check = new AnswerCheck(contract);
        check.compare("answer", schema, wire, DECLARED.valueToTree(sdkObject), 0);
        return check;
    }

    /** Declared properties whose value the SDK does not hold as the wire carried it; empty when it holds them all. */
    List<String> differences() {
        return differences;
    }

    /** Properties on the wire that the contract does not declare, each with where it was. */
    List<String> drift() {
        return drift;
    }

    /** The paths of the declared properties that were compared, e.g. {@code answer.data[].url}. */
    Set<String> compared() {
        return compared;
    }

    private void compare(String path, JsonNode schemaOrRef, JsonNode wire, JsonNode sdk,
            int depth) {
        JsonNode schema = contract.resolve(schemaOrRef);
        if (wire == null || wire.isMissingNode() || wire.isNull() || depth > MAX_DEPTH) {
            if (wire != null && wire.isNull() && sdk != null && !sdk.isNull() && !sdk.isMissingNode()) {
                differences.add(path + ": the wire carried null, the SDK holds " + sdk);
            }
            return;
        }
        JsonNode branch = branchOf(schema, wire);
        if (branch != null) {
            compare(path, branch, wire, sdk, depth + 1);
            return;
        }
        if (wire.isObject() && isObjectSchema(schema)) {
            compareObject(path, schema, wire, sdk, depth);
        } else if (wire.isArray() && schema.has("items")) {
            if (sdk == null || !sdk.isArray() || sdk.size() != wire.size()) {
                differences.add(path + ": the wire carried " + wire.size() + " items, the SDK holds " + sdk);
                return;
            }
            for (int i = 0; i < wire.size(); i++) {
                compare(path + "[]", schema.path("items"), wire.get(i), sdk.get(i), depth + 1);
            }
        } else if (!sameValue(schema, wire, sdk)) {
            differences.add(path + ": the wire carried " + wire + ", the SDK holds " + sdk);
        }
    }

    private void compareObject(String path, JsonNode schema, JsonNode wire, JsonNode sdk,
            int depth) {
        Map<String, JsonNode> declared = propertiesOf(schema);
        JsonNode additional = additionalOf(schema);
        if (declared.isEmpty() && !schema.has("properties") && (additional == null || !additional.isObject())) {
            // A free-form object or a map: the SDK holds it as a Map, compared as JSON.
            if (!sameJson(wire, sdk)) {
                differences.add(path + ": the wire carried " + wire + ", the SDK holds " + sdk);
            }
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = wire.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode held = sdk == null ? null : sdk.get(name);
            if (declared.containsKey(name)) {
                compared.add(path + "." + name);
                compare(path + "." + name, declared.get(name), field.getValue(), held, depth + 1);
            } else if (additional != null && additional.isObject()) {
                if (declared.isEmpty()) { // a map: its entries are the SDK's Map; else they are a model's extras
                    compare(path + "{}", additional, field.getValue(), held, depth + 1);
                }
            } else if (additional == null || !additional.asBoolean(false)) {
                drift.add(path + "." + name);
            }
        }
    }

    /**
     * The branch of a union ({@code oneOf}/{@code anyOf} with branches of their own) that a wire value is: by the
     * discriminator's value, else the branch whose required properties it has, whose enums list its values and that
     * declares most of its properties; the generated SDK chooses by the same rules. Null for a schema that is no union.
     */
    private JsonNode branchOf(JsonNode schema, JsonNode wire) {
        JsonNode branches = schema.has("oneOf") ? schema.path("oneOf") : schema.path("anyOf");
        if (!branches.isArray() || branches.isEmpty() || isConstraintOnly(branches)) {
            return null;
        }
        String tag = schema.path("discriminator").path("propertyName").asText(null);
        if (tag != null && wire.path(tag).isTextual()) {
            String value = wire.path(tag).asText();
            String mapped = schema.path("discriminator").path("mapping").path(value).asText(null);
            for (JsonNode branch : branches) {
                String ref = branch.path("$ref").asText("");
                if (ref.equals(mapped) || ref.endsWith("/" + value)) {
                    return branch;
                }
            }
        }
        JsonNode best = null;
        int bestScore = -1;
        for (JsonNode branch : branches) {
            int score = fit(contract.resolve(branch), wire);
            if (score > bestScore) {
                bestScore = score;
                best = branch;
            }
        }
        return best;
    }

    private int fit(JsonNode schema, JsonNode wire) {
        String type = schema.path("type").asText(isObjectSchema(schema) ? "object" : "");
        switch (type) {
            case "object":
                if (!wire.isObject()) {
                    return -1;
                }
                for (JsonNode required : requiredOf(schema)) {
                    if (!wire.has(required.asText())) {
                        return -1;
                    }
                }
                int score = 0;
                for (Map.Entry<String, JsonNode> property : propertiesOf(schema).entrySet()) {
                    if (wire.has(property.getKey())) {
                        score++;
                        for (JsonNode allowed : contract.resolve(property.getValue()).path("enum")) {
                            score += allowed.equals(wire.get(property.getKey())) ? 1000 : 0;
                        }
                    }
                }
                return score;
            case "array":
                if (!wire.isArray()) {
                    return -1;
                }
                for (JsonNode item : wire) {
                    if (fit(contract.resolve(schema.path("items")), item) < 0) {
                        return -1;
                    }
                }
                return 0;
            case "string":
                return wire.isTextual() ? 0 : -1;
            case "integer":
                return wire.isIntegralNumber() ? 0 : -1;
            case "number":
                return wire.isNumber() ? 0 : -1;
            case "boolean":
                return wire.isBoolean() ? 0 : -1;
            default:
                return 0; // a schema without a type, or a union of its own: any value
        }
    }

    private Map<String, JsonNode> propertiesOf(JsonNode schema) {
        Map<String, JsonNode> properties = new java.util.LinkedHashMap<>();
        for (JsonNode part : schema.path("allOf")) {
            properties.putAll(propertiesOf(contract.resolve(part)));
        }
        schema.path("properties").fields().forEachRemaining(field -> properties.put(field.getKey(), field.getValue()));
        return properties;
    }

    private List<JsonNode> requiredOf(JsonNode schema) {
        List<JsonNode> required = new ArrayList<>();
        for (JsonNode part : schema.path("allOf")) {
            required.addAll(requiredOf(contract.resolve(part)));
        }
        schema.path("required").forEach(required::add);
        return required;
    }

    /** The schema of undeclared properties: a schema, true (any), or null when the contract allows none. */
    private JsonNode additionalOf(JsonNode schema) {
        if (schema.has("additionalProperties")) {
            JsonNode additional = schema.path("additionalProperties");
            return additional.isBoolean() ? additional : contract.resolve(additional);
        }
        for (JsonNode part : schema.path("allOf")) {
            JsonNode additional = additionalOf(contract.resolve(part));
            if (additional != null) {
                return additional;
            }
        }
        return null;
    }

    private static boolean isObjectSchema(JsonNode schema) {
        return schema.path("type").asText("").equals("object") || schema.has("properties") || schema.has("allOf");
    }

    private static boolean isConstraintOnly(JsonNode branches) {
        for (JsonNode branch : branches) {
            if (branch.has("$ref") || branch.has("type") || branch.has("properties") || branch.has("items")
                    || branch.has("enum") || branch.has("oneOf") || branch.has("anyOf") || branch.has("allOf")) {
                return false;
            }
        }
        return true;
    }

    /** A scalar as the SDK holds it: numbers by value, date-times by instant, everything else by its text. */
    private static boolean sameValue(JsonNode schema, JsonNode wire, JsonNode sdk) {
        if (sdk == null || sdk.isMissingNode() || sdk.isNull()) {
            return false;
        }
        if (wire.isNumber() && sdk.isNumber()) {
            return wire.decimalValue().compareTo(sdk.decimalValue()) == 0;
        }
        if ("date-time".equals(schema.path("format").asText()) && wire.isTextual() && sdk.isTextual()) {
            try {
                return OffsetDateTime.parse(wire.asText()).isEqual(OffsetDateTime.parse(sdk.asText()));
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        return wire.isValueNode() && sdk.isValueNode() ? wire.asText().equals(sdk.asText()) : sameJson(wire, sdk);
    }

    private static boolean sameJson(JsonNode expected, JsonNode actual) {
        return actual != null && expected.equals((a, b) -> a.isNumber() && b.isNumber()
                ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1, actual);
    }
}
