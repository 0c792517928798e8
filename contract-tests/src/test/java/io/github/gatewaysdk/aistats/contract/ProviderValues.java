package io.github.gatewaysdk.aistats.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Values of the {@code provider} part, read off its schema in the contract rather than written per property: for
 * each property, one value per union branch, each enum value, null where it is nullable, and a value of each nested
 * property; and for each, a value the schema forbids (the wrong type, outside the enum, a shape no branch has).
 */
final class ProviderValues {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** A value of one property, named for the test report, as the provider part carries it. */
  record Case(String name, String property, ObjectNode provider) {
    @Override
    public String toString() {
      return name;
    }
  }

  private final Contract contract;

  ProviderValues(Contract contract) {
    this.contract = contract;
  }

  List<Case> valid(JsonNode providerSchema) {
    List<Case> cases = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> properties = providerSchema.path("properties").fields();
        properties.hasNext(); ) {
      Map.Entry<String, JsonNode> property = properties.next();
      for (Value value : valuesOf(property.getKey(), contract.resolve(property.getValue()))) {
        ObjectNode provider = JSON.objectNode();
        provider.set(property.getKey(), value.json);
        cases.add(new Case(value.name, property.getKey(), provider));
      }
    }
    return cases;
  }

  List<Case> invalid(JsonNode providerSchema) {
    List<Case> cases = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> properties = providerSchema.path("properties").fields();
        properties.hasNext(); ) {
      Map.Entry<String, JsonNode> property = properties.next();
      JsonNode schema = contract.resolve(property.getValue());
      JsonNode wrong = forbidden(schema);
      if (wrong != null) {
        ObjectNode provider = JSON.objectNode();
        provider.set(property.getKey(), wrong);
        cases.add(new Case(property.getKey() + " = " + wrong, property.getKey(), provider));
      }
    }
    return cases;
  }

  private record Value(String name, JsonNode json) {
  }

  /** The values of a schema that together take each branch, enum value and null, nested properties included. */
  private List<Value> valuesOf(String name, JsonNode schema) {
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
          ObjectNode object = JSON.objectNode();
          object.set(property.getKey(), value.json);
          values.add(new Value(value.name, object));
        }
      }
    } else {
      values.add(new Value(name + " = " + sample(schema), sample(schema)));
    }
    if (schema.path("nullable").asBoolean(false)) {
      values.add(new Value(name + " = null", JSON.nullNode()));
    }
    return values;
  }

  private JsonNode sample(JsonNode schema) {
    if (schema.has("enum")) {
      return schema.path("enum").get(0);
    }
    switch (schema.path("type").asText("object")) {
      case "boolean":
        return JSON.booleanNode(true);
      case "integer":
        return JSON.numberNode(schema.has("minimum") ? schema.path("minimum").asInt() : 2);
      case "number":
        return JSON.numberNode(0.5);
      case "string":
        return JSON.textNode("eu-west");
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

  /** A value of a type no branch of the schema has, or outside its enum; null when every JSON value fits. */
  private JsonNode forbidden(JsonNode schema) {
    if (schema.has("enum")) {
      return JSON.textNode("not-in-the-enum");
    }
    List<String> allowed = new ArrayList<>();
    JsonNode branches = schema.has("oneOf") ? schema.path("oneOf") : schema.path("anyOf");
    if (branches.isArray() && branches.size() > 0) {
      branches.forEach(branch -> allowed.add(contract.resolve(branch).path("type").asText("object")));
    } else if (schema.has("properties")) {
      Iterator<Map.Entry<String, JsonNode>> inner = schema.path("properties").fields();
      if (inner.hasNext()) {
        Map.Entry<String, JsonNode> first = inner.next();
        JsonNode nested = forbidden(contract.resolve(first.getValue()));
        if (nested != null) {
          ObjectNode object = JSON.objectNode();
          object.set(first.getKey(), nested);
          return object;
        }
      }
      return null;
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
