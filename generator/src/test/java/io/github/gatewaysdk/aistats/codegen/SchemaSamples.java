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

  /** The property, enum value and discriminator value a newer gateway sends and this contract does not list. */
  static final String NEWER_PROPERTY = "x_newer_property";
  static final String NEWER_VALUE = "x_newer_value";

  private final OpenAPI contract;
  private final boolean newer;

  /**
   * @param newer whether the samples carry what a newer gateway would send: a property the contract does not declare
   *     in every object, and in every other sample an enum value and a discriminator value it does not list
   */
  SchemaSamples(OpenAPI contract, boolean newer) {
    this.contract = contract;
    this.newer = newer;
  }

  /** The number of samples that take every branch of every union at least once, null and non-null alike. */
  int count() {
    int widest = 1;
    for (Schema<?> schema : contract.getComponents().getSchemas().values()) {
      widest = Math.max(widest, widest(schema, 0));
    }
    return 2 * widest;
  }

  /** The branch (in the contract's order) that sample {@code variant} of a union schema takes; -1 for other schemas. */
  int branchOf(Schema<?> schema, int variant) {
    List<Schema> union = union(resolve(schema));
    return union == null ? -1 : variant % union.size();
  }

  /** The schema's properties of {@code format: binary}, or arrays of them: file parts of a form, left out. */
  List<String> binaryProperties(Schema<?> schema) {
    Schema<?> resolved = resolve(schema);
    return resolved.getProperties() == null ? List.of() : resolved.getProperties().entrySet().stream()
        .filter(property -> isFile(property.getValue()))
        .map(Map.Entry::getKey).collect(java.util.stream.Collectors.toList());
  }

  /** Whether a property is a file ({@code FilePart}), or an array of files, which have no JSON form. */
  private boolean isFile(Schema<?> property) {
    Schema<?> resolved = resolve(property);
    return "binary".equals(resolved.getFormat())
        || resolved.getItems() != null && "binary".equals(resolve(resolved.getItems()).getFormat());
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
      Object value = resolved.getEnum().get(variant % resolved.getEnum().size());
      if (newer && variant % 2 == 0 && value instanceof String) {
        return JSON.textNode(NEWER_VALUE);
      }
      return value instanceof Boolean ? JSON.booleanNode((Boolean) value)
          : value instanceof Number ? JSON.numberNode(new BigDecimal(value.toString()))
          : JSON.textNode(String.valueOf(value));
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
        if ("date".equals(resolved.getFormat())) {
          return JSON.textNode("2024-11-24");
        }
        if ("uri".equals(resolved.getFormat()) || "url".equals(resolved.getFormat())) {
          return JSON.textNode("https://example.com/" + variant);
        }
        return JSON.textNode(variant % 3 == 2 ? "猫 🎩 " + variant : "text " + variant);
    }
  }

  private JsonNode object(Schema<?> schema, int variant, int depth, String discriminatorValue) {
    ObjectNode object = JSON.objectNode();
    if (schema.getProperties() != null && depth < MAX_DEPTH) {
      for (Map.Entry<String, Schema> property : schema.getProperties().entrySet()) {
        Schema<?> value = property.getValue();
        if (isFile(value)) {
          continue; // a file part of a multipart form, which has no JSON form
        }
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
      object.put(discriminatorOf(schema), newer && variant % 2 == 0 ? NEWER_VALUE : discriminatorValue);
    }
    if (newer && schema.getProperties() != null && !(additional instanceof Schema)) {
      object.set(NEWER_PROPERTY, JSON.objectNode().put("since", "2027-01"));
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
    if (union.getDiscriminator() == null || branch.get$ref() == null) {
      return null;
    }
    if (union.getDiscriminator().getMapping() != null) {
      for (Map.Entry<String, String> mapping : union.getDiscriminator().getMapping().entrySet()) {
        if (mapping.getValue().equals(branch.get$ref())) {
          return mapping.getKey();
        }
      }
    }
    return branch.get$ref().substring(branch.get$ref().lastIndexOf('/') + 1); // the implicit mapping
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

  /**
   * The branches of a union, or null; {@code anyOf: [{required: [a]}, {required: [b]}]} beside properties of the
   * schema's own is a constraint on the object, not a union.
   */
  private static List<Schema> union(Schema<?> schema) {
    List<Schema> branches = schema.getOneOf() != null && !schema.getOneOf().isEmpty() ? schema.getOneOf()
        : schema.getAnyOf() != null && !schema.getAnyOf().isEmpty() ? schema.getAnyOf() : null;
    return branches == null || branches.stream().allMatch(SchemaSamples::isConstraintOnly) ? null : branches;
  }

  private static boolean isConstraintOnly(Schema<?> schema) {
    return schema.get$ref() == null && schema.getType() == null && schema.getProperties() == null
        && schema.getItems() == null && schema.getEnum() == null && schema.getAllOf() == null
        && schema.getOneOf() == null && schema.getAnyOf() == null;
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
