package io.github.gatewaysdk.aistats.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Values of an object's properties, read off its schema in the contract rather than written per property: for each
 * property, one value per union branch, each enum value, null where it is nullable, the bounds of numbers and
 * lengths, a non-ASCII text, and a value of each nested property; and for each, a value the schema forbids (the wrong
 * type, outside the enum, a shape no branch has). What the contract cannot say (an image is a data URL) comes from
 * {@link #KNOWN_SAMPLES}.
 */
final class SchemaValues {
  /** Properties whose values follow rules the contract cannot state: hand-written, as the SDK's checks of them are. */
  static final Map<String, JsonNode> KNOWN_SAMPLES = Map.of(
      "image", JsonNodeFactory.instance.textNode(Fixtures.IMAGE),
      "mask", JsonNodeFactory.instance.textNode(Fixtures.IMAGE));

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** A body (or an object's value) in which one property takes the named value. */
  record Case(String name, String property, ObjectNode body) {
    @Override
    public String toString() {
      return name;
    }
  }

  private final Contract contract;

  SchemaValues(Contract contract) {
    this.contract = contract;
  }

  List<Case> valid(JsonNode schema) {
    schema = flat(schema);
    List<Case> cases = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
        properties.hasNext(); ) {
      Map.Entry<String, JsonNode> property = properties.next();
      for (Value value : valuesOf(property.getKey(), contract.resolve(property.getValue()))) {
        ObjectNode body = JSON.objectNode();
        body.set(property.getKey(), value.json);
        cases.add(new Case(value.name, property.getKey(), body));
      }
    }
    return cases;
  }

  /**
   * Bodies with one value the schema forbids each (the wrong type, outside the enum, a shape no union branch has),
   * nested properties included, starting from the smallest valid body; named by the property (dotted).
   *
   * @param textParts whether top-level properties travel as text (a multipart body), where any text is a string
   */
  List<Case> invalid(JsonNode bodySchema, boolean textParts) {
    JsonNode schema = flat(bodySchema);
    List<Case> cases = new ArrayList<>();
    breaking("", schema, (ObjectNode) minimal(schema), body -> body, false, property -> {
      JsonNode wrong = forbidden(property);
      return wrong == null ? Map.of() : Map.of("= " + wrong, wrong);
    }, cases);
    if (textParts) {
      // A text part holds any text, and an array of texts is one part per item: a single wrong value is a valid item.
      cases.removeIf(c -> {
        JsonNode property = contract.resolve(schema.path("properties").path(c.property()));
        return !c.property().contains(".") && (isPlainString(property)
            || property.path("type").asText().equals("array") && isPlainString(contract.resolve(property.path("items"))));
      });
    }
    return cases;
  }

  private static boolean isPlainString(JsonNode schema) {
    return schema.path("type").asText().equals("string") && !schema.has("enum");
  }

  /**
   * Walks an object's properties, nested objects included, adding a case per breaking value {@code breakers} gives
   * for a property (named by rule), and per required property left out when asked; each case is the smallest valid
   * body with that one change, composed back up to the top by {@code into}.
   */
  private void breaking(String prefix, JsonNode schema, ObjectNode minimal, UnaryOperator<ObjectNode> into,
      boolean leaveOutRequired, Function<JsonNode, Map<String, JsonNode>> breakers, List<Case> cases) {
    if (leaveOutRequired) {
      for (JsonNode required : schema.path("required")) {
        ObjectNode broken = minimal.deepCopy();
        broken.remove(required.asText());
        cases.add(new Case(prefix + required.asText() + " left out", prefix + required.asText(), into.apply(broken)));
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields(); properties.hasNext(); ) {
      Map.Entry<String, JsonNode> property = properties.next();
      String name = prefix + property.getKey();
      JsonNode resolved = flat(contract.resolve(property.getValue()));
      for (Map.Entry<String, JsonNode> wrong : breakers.apply(resolved).entrySet()) {
        ObjectNode broken = minimal.deepCopy();
        broken.set(property.getKey(), wrong.getValue());
        cases.add(new Case(name + " " + wrong.getKey(), name, into.apply(broken)));
      }
      if (resolved.has("properties") && !resolved.has("oneOf") && !resolved.has("anyOf")) {
        String key = property.getKey();
        breaking(name + ".", resolved, (ObjectNode) minimal(resolved), nested -> {
          ObjectNode parent = minimal.deepCopy();
          parent.set(key, nested);
          return into.apply(parent);
        }, leaveOutRequired, breakers, cases);
      }
    }
  }

  private record Value(String name, JsonNode json) {
  }

  /**
   * The schema with its {@code allOf} parts merged into it (properties, required, type), as the gateway's contract
   * wraps a {@code $ref} to add a description ({@code provider: {allOf: [$ref], description}}).
   */
  private JsonNode flat(JsonNode schema) {
    if (!schema.has("allOf")) {
      return schema;
    }
    ObjectNode merged = ((ObjectNode) schema).deepCopy();
    merged.remove("allOf");
    ObjectNode properties = merged.has("properties") ? (ObjectNode) merged.get("properties") : JSON.objectNode();
    ArrayNode required = merged.has("required") ? (ArrayNode) merged.get("required") : JSON.arrayNode();
    for (JsonNode part : schema.path("allOf")) {
      JsonNode resolved = flat(contract.resolve(part));
      resolved.path("properties").fields().forEachRemaining(field -> properties.set(field.getKey(), field.getValue()));
      resolved.path("required").forEach(required::add);
      resolved.fields().forEachRemaining(field -> {
        if (!merged.has(field.getKey()) && !field.getKey().equals("properties") && !field.getKey().equals("required")) {
          merged.set(field.getKey(), field.getValue());
        }
      });
    }
    if (properties.size() > 0) {
      merged.set("properties", properties);
    }
    if (required.size() > 0) {
      merged.set("required", required);
    }
    return merged;
  }

  /**
   * Bodies that break one constraint each, starting from the smallest valid body: a value one past each bound, a text
   * one character too long or too short, one item too many or too few, a value outside the enum, a required property
   * left out; nested objects included. Each is named by the property (dotted) and the rule.
   */
  List<Case> violations(JsonNode schema) {
    schema = flat(schema);
    List<Case> cases = new ArrayList<>();
    breaking("", schema, (ObjectNode) minimal(schema), body -> body, true, this::brokenValues, cases);
    return cases;
  }

  /** Values that break one constraint of {@code schema} each, by the rule they break. */
  private Map<String, JsonNode> brokenValues(JsonNode schema) {
    schema = flat(schema);
    Map<String, JsonNode> broken = new java.util.LinkedHashMap<>();
    boolean integer = schema.path("type").asText().equals("integer");
    BigDecimal step = integer ? BigDecimal.ONE : new BigDecimal("0.01");
    // A bound past what a Java long holds (the gateway's seed: ±9223372036854776000) no value of the SDK's type breaks.
    if (schema.has("minimum") && (!integer || fitsLong(schema.path("minimum").decimalValue().subtract(step)))) {
      broken.put("one below its minimum", JSON.numberNode(schema.path("minimum").decimalValue().subtract(step)));
    }
    if (schema.has("maximum") && (!integer || fitsLong(schema.path("maximum").decimalValue().add(step)))) {
      broken.put("one above its maximum", JSON.numberNode(schema.path("maximum").decimalValue().add(step)));
    }
    if (schema.has("maxLength")) {
      broken.put("one character too long", JSON.textNode("x".repeat(schema.path("maxLength").asInt() + 1)));
    }
    if (schema.has("minLength") && schema.path("minLength").asInt() > 0) {
      broken.put("one character too short", JSON.textNode("x".repeat(schema.path("minLength").asInt() - 1)));
    }
    if (schema.has("maxItems")) {
      ArrayNode items = JSON.arrayNode();
      for (int i = 0; i <= schema.path("maxItems").asInt(); i++) {
        items.add(sample(contract.resolve(schema.path("items"))));
      }
      broken.put("one item too many", items);
    }
    if (schema.has("enum")) {
      broken.put("outside its enum", JSON.textNode("not-in-the-enum"));
    }
    return broken;
  }

  /** The values of a schema that together take each branch, enum value and null, nested properties included. */
  private List<Value> valuesOf(String name, JsonNode schema) {
    schema = flat(schema);
    List<Value> values = new ArrayList<>();
    JsonNode branches = schema.has("oneOf") ? schema.path("oneOf") : schema.path("anyOf");
    if (branches.isArray() && branches.size() > 0) {
      int i = 0;
      for (JsonNode branch : branches) {
        JsonNode resolved = contract.resolve(branch);
        values.add(new Value(name + " branch " + i++ + " (" + resolved.path("type").asText("object") + ")",
            sample(resolved)));
      }
    } else if (schema.has("enum")) {
      for (JsonNode option : schema.path("enum")) {
        values.add(new Value(name + " = " + option, option));
      }
    } else if (schema.has("properties")) {
      for (Iterator<Map.Entry<String, JsonNode>> inner = schema.path("properties").fields(); inner.hasNext(); ) {
        Map.Entry<String, JsonNode> property = inner.next();
        for (Value value : valuesOf(name + "." + property.getKey(), contract.resolve(property.getValue()))) {
          ObjectNode object = (ObjectNode) minimal(schema); // with its required siblings, so it stays valid
          object.set(property.getKey(), value.json);
          values.add(new Value(value.name, object));
        }
      }
    } else {
      String leaf = name.substring(name.lastIndexOf('.') + 1);
      JsonNode sample = KNOWN_SAMPLES.getOrDefault(leaf, sample(schema));
      values.add(new Value(name + " = " + sample, sample));
      for (String bound : List.of("minimum", "maximum")) {
        String exclusive = bound.equals("minimum") ? "exclusiveMinimum" : "exclusiveMaximum";
        if (schema.has(bound) && !schema.path(exclusive).asBoolean(false)
            && (!schema.path("type").asText().equals("integer") || fitsLong(schema.path(bound).decimalValue()))) {
          values.add(new Value(name + " at its " + bound, schema.path(bound)));
        }
      }
      if (schema.path("type").asText().equals("string") && !KNOWN_SAMPLES.containsKey(leaf)
          && !schema.has("pattern") && !schema.has("format")) {
        values.add(new Value(name + " non-ASCII", JSON.textNode(nonAscii(schema))));
        if (schema.path("minLength").asInt(0) > 0) {
          values.add(new Value(name + " at its minLength",
              JSON.textNode("m".repeat(schema.path("minLength").asInt()))));
        }
      }
      for (String bound : List.of("minItems", "maxItems")) {
        if (schema.has(bound) && schema.path(bound).asInt() > 0) {
          ArrayNode items = JSON.arrayNode();
          for (int i = 0; i < schema.path(bound).asInt(); i++) {
            items.add(sample(contract.resolve(schema.path("items"))));
          }
          values.add(new Value(name + " at its " + bound, items));
        }
      }
    }
    if (schema.path("nullable").asBoolean(false)) {
      values.add(new Value(name + " = null", JSON.nullNode()));
    }
    return values;
  }

  /** A plain text, one that matches the schema's pattern where it has one (from a few candidates). */
  private static String textMatching(JsonNode schema) {
    if (!schema.has("pattern")) {
      return "eu-west";
    }
    java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(schema.path("pattern").asText());
    for (String candidate : List.of("eu-west", "euwest", "EU", "e1", "1", "a-b_c.d")) {
      if (pattern.matcher(candidate).find()) {
        return candidate;
      }
    }
    throw new IllegalStateException("no sample text matches " + pattern + ": add one to SchemaValues");
  }

  /** Text beyond Latin-1, at the schema's longest length where it has one. */
  private static String nonAscii(JsonNode schema) {
    String text = "猫に帽子 🎩 «s'il vous plaît»";
    if (schema.has("maxLength")) {
      StringBuilder exact = new StringBuilder();
      int length = schema.path("maxLength").asInt();
      for (int i = 0; i < length; i++) {
        exact.append(i % 2 == 0 ? 'ü' : '猫');
      }
      return exact.toString();
    }
    return text;
  }

  /** The smallest value: required properties only, each with its first sample. */
  JsonNode minimal(JsonNode schema) {
    schema = flat(schema);
    if (!schema.has("properties")) {
      return sample(schema);
    }
    ObjectNode object = JSON.objectNode();
    for (JsonNode required : schema.path("required")) {
      String name = required.asText();
      JsonNode property = contract.resolve(schema.path("properties").path(name));
      object.set(name, KNOWN_SAMPLES.getOrDefault(name, minimal(property)));
    }
    return object;
  }

  JsonNode sample(JsonNode schema) {
    schema = flat(schema);
    JsonNode branches = schema.has("oneOf") ? schema.path("oneOf") : schema.path("anyOf");
    if (branches.isArray() && branches.size() > 0) {
      return sample(contract.resolve(branches.get(0)));
    }
    if (schema.has("enum")) {
      return schema.path("enum").get(0);
    }
    switch (schema.path("type").asText("object")) {
      case "boolean":
        return JSON.booleanNode(true);
      case "integer":
        return JSON.numberNode(inRange(schema, BigDecimal.valueOf(2), BigDecimal.ONE).toBigInteger());
      case "number":
        return JSON.numberNode(inRange(schema, new BigDecimal("0.5"), new BigDecimal("0.5")));
      case "string":
        return formatted(schema) != null ? formatted(schema) : JSON.textNode(textMatching(schema));
      case "array": {
        ArrayNode array = JSON.arrayNode();
        array.add(sample(contract.resolve(schema.path("items"))));
        return array;
      }
      default: {
        ObjectNode object = JSON.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
            properties.hasNext(); ) {
          Map.Entry<String, JsonNode> property = properties.next();
          object.set(property.getKey(), sample(contract.resolve(property.getValue())));
        }
        JsonNode additional = schema.path("additionalProperties");
        if (additional.isObject()) {
          object.set("p50", sample(contract.resolve(additional)));
        } else if (additional.asBoolean(false)) {
          object.put("by", "latency");
        }
        return object;
      }
    }
  }

  private static boolean fitsLong(BigDecimal value) {
    return value.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0
        && value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
  }

  /**
   * {@code preferred} when the schema's bounds allow it, else its lowest allowed value: the minimum, plus {@code step}
   * when the minimum is exclusive, or the maximum (less the step when exclusive).
   */
  private static BigDecimal inRange(JsonNode schema, BigDecimal preferred, BigDecimal step) {
    BigDecimal low = schema.has("minimum") ? schema.path("minimum").decimalValue()
        .add(schema.path("exclusiveMinimum").asBoolean(false) ? step : BigDecimal.ZERO) : null;
    BigDecimal high = schema.has("maximum") ? schema.path("maximum").decimalValue()
        .subtract(schema.path("exclusiveMaximum").asBoolean(false) ? step : BigDecimal.ZERO) : null;
    if (low != null && preferred.compareTo(low) < 0) {
      return low;
    }
    return high != null && preferred.compareTo(high) > 0 ? high : preferred;
  }

  /** A value of a string format the SDK types (uuid, date-time, date, uri) or sends as a file; null for others. */
  private static JsonNode formatted(JsonNode schema) {
    switch (schema.path("format").asText("")) {
      case "uuid":
        return JSON.textNode("3f2c7a5e-8b1d-4e6f-9a0b-1c2d3e4f5a6b");
      case "date-time":
        return JSON.textNode("2026-08-22T10:20:30Z");
      case "date":
        return JSON.textNode("2026-08-22");
      case "uri":
      case "url":
        return JSON.textNode("https://example.com/files/cat.png");
      case "email":
        return JSON.textNode("dev@example.com");
      case "binary":
        return JSON.textNode(Fixtures.UPLOAD.toString());
      default:
        return null;
    }
  }

  /** A value of a type no branch of the schema has, or outside its enum; null when every JSON value fits. */
  private JsonNode forbidden(JsonNode schema) {
    schema = flat(schema);
    if (schema.has("enum")) {
      return JSON.textNode("not-in-the-enum");
    }
    List<String> allowed = new ArrayList<>();
    JsonNode branches = schema.has("oneOf") ? schema.path("oneOf") : schema.path("anyOf");
    if (branches.isArray() && branches.size() > 0) {
      branches.forEach(branch -> allowed.add(contract.resolve(branch).path("type").asText("object")));
    } else {
      allowed.add(schema.path("type").asText("object"));
    }
    if (allowed.contains("number")) {
      allowed.add("integer");
    }
    for (String candidate : List.of("boolean", "string", "array", "object", "number")) {
      if (!allowed.contains(candidate)) {
        return switch (candidate) {
          case "boolean" -> JSON.booleanNode(true);
          case "string" -> JSON.textNode("not-a-" + String.join("-or-", allowed));
          case "array" -> JSON.arrayNode().add(1);
          case "object" -> JSON.objectNode().put("unexpected", true);
          default -> JSON.numberNode(7);
        };
      }
    }
    return null;
  }
}
