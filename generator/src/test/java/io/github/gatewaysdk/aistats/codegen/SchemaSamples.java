package io.github.gatewaysdk.aistats.codegen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * JSON values a schema allows, made from the contract alone and numbered: sample {@code v} takes branch {@code v mod
 * n} of every union with {@code n} branches, null for nullable properties when {@code v} is odd, and the {@code v}-th
 * value of every enum. So samples 0 to {@code 2 * widest union - 1} together take every branch of every union.
 */
final class SchemaSamples {
  private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);
  /** Deep enough for the contracts' nesting; a recursive schema stops here. */
  private static final int MAX_DEPTH = 20;

  private final OpenAPI contract;

  SchemaSamples(OpenAPI contract) {
    this.contract = contract;
  }

  /** The number of samples that take every branch of every union at least once, null and non-null alike. */
  int count() {
    int widest = 1;
    for (Schema<?> schema : contract.getComponents().getSchemas().values()) {
      widest = Math.max(widest, widest(schema, 0));
    }
    return 2 * widest;
  }

  JsonNode sample(Schema<?> schema, int variant) {
    return sample(schema, variant, 0, null);
  }

  private JsonNode sample(Schema<?> schema, int variant, int depth, String discriminatorValue) {
    Schema<?> resolved = resolve(schema);
    List<Schema> union = union(resolved);
    if (union != null) {
      int choice = variant % union.size();
      Schema<?> branch = union.get(choice);
      return sample(branch, variant, depth + 1, tagOf(resolved, branch));
    }
    if (resolved.getAllOf() != null) {
      ObjectNode merged = JSON.objectNode();
      for (Schema<?> part : resolved.getAllOf()) {
        merged.setAll((ObjectNode) sample(part, variant, depth + 1, discriminatorValue));
      }
      return merged;
    }
    if (resolved.getEnum() != null && !resolved.getEnum().isEmpty()) {
      return JSON.textNode(String.valueOf(resolved.getEnum().get(variant % resolved.getEnum().size())));
    }
    String type = resolved.getType() != null ? resolved.getType()
        : resolved.getProperties() != null || resolved.getAdditionalProperties() != null ? "object" : "string";
    switch (type) {
      case "boolean":
        return JSON.booleanNode(variant % 2 == 0);
      case "integer":
        return JSON.numberNode(resolved.getMinimum() != null ? resolved.getMinimum().intValue() : 3);
      case "number":
        return JSON.numberNode(resolved.getMinimum() != null ? resolved.getMinimum() : new BigDecimal("0.5"));
      case "array": {
        ArrayNode array = JSON.arrayNode();
        if (depth < MAX_DEPTH) {
          array.add(sample(resolved.getItems(), variant, depth + 1, null));
        }
        return array;
      }
      case "object":
        return object(resolved, variant, depth, discriminatorValue);
      default:
        if ("uuid".equals(resolved.getFormat())) {
          return JSON.textNode("3f2c7a5e-8b1d-4e6f-9a0b-1c2d3e4f5a6b");
        }
        if ("date-time".equals(resolved.getFormat())) {
          return JSON.textNode("2024-11-24T10:20:30Z");
        }
        return JSON.textNode(variant % 3 == 2 ? "猫 🎩 " + variant : "text " + variant);
    }
  }

  private JsonNode object(Schema<?> schema, int variant, int depth, String discriminatorValue) {
    ObjectNode object = JSON.objectNode();
    if (schema.getProperties() != null && depth < MAX_DEPTH) {
      for (Map.Entry<String, Schema> property : schema.getProperties().entrySet()) {
        Schema<?> value = property.getValue();
        if (Boolean.TRUE.equals(resolve(value).getNullable()) && variant % 2 == 1) {
          object.putNull(property.getKey());
        } else {
          object.set(property.getKey(), sample(value, variant, depth + 1, null));
        }
      }
    }
    Object additional = schema.getAdditionalProperties();
    if (additional instanceof Schema) {
      object.set("extra", sample((Schema<?>) additional, variant, depth + 1, null));
    } else if (Boolean.TRUE.equals(additional)) {
      object.put("extra", "free");
      object.put("count", 2);
    }
    if (discriminatorValue != null) {
      object.put(discriminatorOf(schema), discriminatorValue);
    }
    return object;
  }

  /** The discriminator property of the union a branch belongs to; found again from the branch for simplicity. */
  private String discriminatorOf(Schema<?> branch) {
    for (Schema<?> candidate : contract.getComponents().getSchemas().values()) {
      if (candidate.getDiscriminator() != null && union(candidate) != null) {
        for (Schema<?> member : union(candidate)) {
          if (resolve(member) == branch) {
            return candidate.getDiscriminator().getPropertyName();
          }
        }
      }
    }
    throw new IllegalStateException("no discriminator names this branch");
  }

  /** The mapping key of {@code branch} in {@code union}'s discriminator, or null. */
  private static String tagOf(Schema<?> union, Schema<?> branch) {
    if (union.getDiscriminator() == null || union.getDiscriminator().getMapping() == null || branch.get$ref() == null) {
      return null;
    }
    for (Map.Entry<String, String> mapping : union.getDiscriminator().getMapping().entrySet()) {
      if (mapping.getValue().equals(branch.get$ref())) {
        return mapping.getKey();
      }
    }
    return null;
  }

  private int widest(Schema<?> schema, int depth) {
    if (schema == null || depth > MAX_DEPTH) {
      return 1;
    }
    Schema<?> resolved = resolve(schema);
    int widest = union(resolved) == null ? 1 : union(resolved).size();
    if (union(resolved) != null) {
      for (Schema<?> branch : union(resolved)) {
        widest = Math.max(widest, widest(branch, depth + 1));
      }
    }
    if (resolved.getProperties() != null) {
      for (Schema<?> property : resolved.getProperties().values()) {
        widest = Math.max(widest, widest(property, depth + 1));
      }
    }
    if (resolved.getAllOf() != null) {
      for (Schema<?> part : resolved.getAllOf()) {
        widest = Math.max(widest, widest(part, depth + 1));
      }
    }
    if (resolved.getItems() != null) {
      widest = Math.max(widest, widest(resolved.getItems(), depth + 1));
    }
    if (resolved.getAdditionalProperties() instanceof Schema) {
      widest = Math.max(widest, widest((Schema<?>) resolved.getAdditionalProperties(), depth + 1));
    }
    return widest;
  }

  private static List<Schema> union(Schema<?> schema) {
    if (schema.getOneOf() != null && !schema.getOneOf().isEmpty()) {
      return schema.getOneOf();
    }
    return schema.getAnyOf() != null && !schema.getAnyOf().isEmpty() ? schema.getAnyOf() : null;
  }

  Schema<?> resolve(Schema<?> schema) {
    Schema<?> resolved = schema;
    while (resolved.get$ref() != null) {
      String name = resolved.get$ref().substring(resolved.get$ref().lastIndexOf('/') + 1);
      resolved = contract.getComponents().getSchemas().get(name);
    }
    return resolved;
  }
}
