package io.github.gatewaysdk.aistats.codegen;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.openapitools.codegen.CodegenDiscriminator;
import org.openapitools.codegen.CodegenModel;
import org.openapitools.codegen.CodegenProperty;

/**
 * What the union template ({@code oneof_interface.mustache}) needs to know of a {@code oneOf}/{@code anyOf} schema:
 * its branches, each with its Java type, a name for its factory and accessors, and how well a JSON value fits it (its
 * shape; for an object branch its required and declared properties and the values its enums list; for an array
 * branch its items' shape); and the discriminator's mapping where there is one.
 */
final class Unions {
  /** Tested in this order, so that the narrower shape wins: integers before numbers, models before maps. */
  private static final List<String> SHAPE_ORDER =
      List.of("boolean", "integer", "number", "string", "array", "model", "object");

  private Unions() {
  }

  static void describe(CodegenModel model, OpenAPI openAPI, AiStatsJavaClientCodegen codegen) {
    if (model.getComposedSchemas() == null || (model.allOf != null && !model.allOf.isEmpty())) {
      return;
    }
    List<CodegenProperty> branches = model.getComposedSchemas().getOneOf();
    if (branches == null || branches.isEmpty()) {
      branches = model.getComposedSchemas().getAnyOf();
    }
    if (branches == null || branches.isEmpty()) {
      return;
    }
    List<Map<String, Object>> described = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (CodegenProperty branch : branches) {
      described.add(branch(branch, openAPI, names));
    }
    Set<String> erasures = new HashSet<>();
    boolean overloads = described.stream().allMatch(b -> erasures.add((String) b.get("erasure")));
    long numeric = described.stream().filter(b -> b.get("shape").equals("number")).count();
    for (Map<String, Object> branch : described) {
      branch.put("factory", overloads ? "of" : "of" + branch.get("name"));
      branch.put("doubleFactory", overloads && numeric == 1 && "BigDecimal".equals(branch.get("erasure"))
          && !erasures.contains("Double"));
    }
    List<Map<String, Object>> tested = new ArrayList<>(described);
    tested.sort(Comparator.comparingInt(b -> SHAPE_ORDER.indexOf((String) b.get("shape"))));
    model.vendorExtensions.put("x-is-one-of-interface", true);
    model.vendorExtensions.put("x-union-branches", described);
    model.vendorExtensions.put("x-union-tests", tested);
    model.vendorExtensions.put("x-union-shapes", String.join(", ",
        described.stream().map(b -> b.get("name") + " (" + b.get("json") + ")").toArray(String[]::new)));
    CodegenDiscriminator discriminator = model.getDiscriminator();
    if (discriminator != null && discriminator.getMappedModels() != null) {
      List<Map<String, Object>> mapping = new ArrayList<>();
      for (CodegenDiscriminator.MappedModel mapped : discriminator.getMappedModels()) {
        for (Map<String, Object> branch : described) {
          if (mapped.getModelName().equals(branch.get("javaType"))) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("value", mapped.getMappingName());
            entry.put("factory", branch.get("factory"));
            entry.put("constant", branch.get("constant"));
            mapping.add(entry);
          }
        }
      }
      model.vendorExtensions.put("x-union-discriminator", discriminator.getPropertyBaseName());
      model.vendorExtensions.put("x-union-mapping", mapping);
    }
  }

  private static Map<String, Object> branch(CodegenProperty property, OpenAPI openAPI, Set<String> names) {
    String javaType = property.dataType;
    String erasure = javaType.contains("<") ? javaType.substring(0, javaType.indexOf('<')) : javaType;
    String shape = shapeOf(property, openAPI);
    Schema<?> schema = "model".equals(shape) ? componentOf(property, openAPI) : null;
    String name = nameOf(erasure, shape);
    String unique = name;
    for (int i = 2; !names.add(unique); i++) {
      unique = name + i;
    }
    Map<String, Object> branch = new LinkedHashMap<>();
    branch.put("javaType", javaType);
    branch.put("erasure", erasure);
    branch.put("name", unique);
    branch.put("constant", unique.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
    branch.put("shape", shape);
    branch.put("json", "model".equals(shape) ? "object" : shape);
    if (schema != null && !isUnion(schema)) {
      branch.put("fitted", true);
      branch.put("required", quoted(requiredOf(schema, openAPI)));
      branch.put("properties", quoted(propertiesOf(schema, openAPI)));
      branch.put("tags", tagsOf(schema, openAPI));
    }
    branch.put("score", score(property, shape, schema, openAPI, (String) branch.get("constant")));
    return branch;
  }

  private static String shapeOf(CodegenProperty property, OpenAPI openAPI) {
    Schema<?> component = property.isModel || property.complexType != null ? componentOf(property, openAPI) : null;
    if (component != null && component.getEnum() != null && !component.getEnum().isEmpty()) {
      return component.getEnum().get(0) instanceof String ? "string" : "number"; // an open enum of its own
    }
    if (property.isBoolean) {
      return "boolean";
    } else if (property.isInteger || property.isLong) {
      return "integer";
    } else if (property.isNumber || property.isNumeric || property.isDecimal || property.isDouble || property.isFloat) {
      return "number";
    } else if (property.isArray) {
      return "array";
    } else if (property.isMap || property.isFreeFormObject || property.isAnyType || "Object".equals(property.dataType)) {
      return "object";
    } else if (property.isModel || property.complexType != null && !property.isString) {
      return "model";
    }
    return "string";
  }

  /**
   * How well a JSON value (a Jackson {@code JsonNode} named {@code node}) fits the branch, as a Java expression: -1
   * when it does not, else the number of the value's properties the branch declares (0 for non-objects), so that
   * the branch that knows most of an object wins and required properties rule out the others.
   */
  private static String score(CodegenProperty property, String shape, Schema<?> schema, OpenAPI openAPI,
      String constant) {
    switch (shape) {
      case "array":
        return "node.isArray() && every(node, item -> " + itemTest(property.items, openAPI) + ") ? 0 : -1";
      case "model":
        return schema == null || isUnion(schema) ? "node.isObject() ? 0 : -1"
            : "fit(node, " + constant + "_REQUIRED, " + constant + "_PROPERTIES, " + constant + "_TAGS)";
      default:
        return itemTest(property, openAPI).replace("item", "node") + " ? 0 : -1";
    }
  }

  /** Whether a JSON value named {@code item} has the shape of {@code property}: how an array branch's items are told. */
  private static String itemTest(CodegenProperty property, OpenAPI openAPI) {
    if (property == null) {
      return "true";
    }
    switch (shapeOf(property, openAPI)) {
      case "boolean":
        return "item.isBoolean()";
      case "integer":
        return "item.isIntegralNumber()";
      case "number":
        return "item.isNumber()";
      case "string":
        return "item.isTextual()";
      case "array":
        return "item.isArray()";
      case "object":
        return "item.isObject()";
      default:
        Schema<?> schema = componentOf(property, openAPI);
        if (schema != null && isUnion(schema)) {
          return "true"; // the item's own union tells its branches
        }
        StringBuilder test = new StringBuilder("item.isObject()");
        for (String required : schema == null ? Collections.<String>emptyList() : requiredOf(schema, openAPI)) {
          test.append(" && item.has(\"").append(escape(required)).append("\")");
        }
        return test.toString();
    }
  }

  private static Schema<?> componentOf(CodegenProperty property, OpenAPI openAPI) {
    if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
      return null;
    }
    Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
    Schema<?> schema = property.getRef() != null ? schemas.get(property.getRef().substring(property.getRef()
        .lastIndexOf('/') + 1)) : null;
    if (schema == null) {
      schema = schemas.get(property.baseType != null ? property.baseType : property.dataType);
    }
    return schema;
  }

  private static boolean isUnion(Schema<?> schema) {
    return schema.getOneOf() != null && !schema.getOneOf().isEmpty()
        || schema.getAnyOf() != null && !schema.getAnyOf().isEmpty();
  }

  /** The schema's required properties, those of its allOf parts included. */
  private static List<String> requiredOf(Schema<?> schema, OpenAPI openAPI) {
    List<String> required = new ArrayList<>();
    for (Schema<?> part : partsOf(schema, openAPI, 0)) {
      if (part.getRequired() != null) {
        required.addAll(part.getRequired());
      }
    }
    return required;
  }

  /** The schema's declared property names, those of its allOf parts included. */
  private static List<String> propertiesOf(Schema<?> schema, OpenAPI openAPI) {
    List<String> properties = new ArrayList<>();
    for (Schema<?> part : partsOf(schema, openAPI, 0)) {
      if (part.getProperties() != null) {
        properties.addAll(part.getProperties().keySet());
      }
    }
    return properties;
  }

  /**
   * The values the schema's enum properties allow, as Java array rows {@code {"type", "text", "image"}}: a value
   * that one branch's enum lists tells that branch apart (an implicit discriminator), while a value none lists (a
   * newer gateway's) still reads into the branch that fits otherwise.
   */
  private static String tagsOf(Schema<?> schema, OpenAPI openAPI) {
    StringBuilder rows = new StringBuilder();
    for (Schema<?> part : partsOf(schema, openAPI, 0)) {
      if (part.getProperties() == null) {
        continue;
      }
      for (Map.Entry<String, Schema> property : part.getProperties().entrySet()) {
        List<Schema<?>> resolved = partsOf(property.getValue(), openAPI, 0);
        List<?> values = resolved.isEmpty() ? null : resolved.get(0).getEnum();
        if (values == null || values.isEmpty() || !values.stream().allMatch(value -> value instanceof String)) {
          continue;
        }
        List<String> row = new ArrayList<>();
        row.add(property.getKey());
        values.forEach(value -> row.add((String) value));
        rows.append(rows.length() == 0 ? "" : ", ").append("{ ").append(quoted(row)).append(" }");
      }
    }
    return rows.toString();
  }

  private static List<Schema<?>> partsOf(Schema<?> schema, OpenAPI openAPI, int depth) {
    List<Schema<?>> parts = new ArrayList<>();
    Schema<?> resolved = schema;
    if (resolved.get$ref() != null) {
      resolved = openAPI.getComponents().getSchemas().get(resolved.get$ref().substring(resolved.get$ref()
          .lastIndexOf('/') + 1));
    }
    if (resolved == null || depth > 20) {
      return parts;
    }
    parts.add(resolved);
    if (resolved.getAllOf() != null) {
      for (Schema<?> part : resolved.getAllOf()) {
        parts.addAll(partsOf(part, openAPI, depth + 1));
      }
    }
    return parts;
  }

  private static String quoted(List<String> names) {
    StringBuilder out = new StringBuilder();
    for (String name : names) {
      out.append(out.length() == 0 ? "" : ", ").append('"').append(escape(name)).append('"');
    }
    return out.toString();
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static String nameOf(String erasure, String shape) {
    switch (erasure) {
      case "BigDecimal":
      case "Double":
      case "Float":
        return "Number";
      case "Integer":
      case "Long":
        return "Integer";
      case "Object":
        return "Value";
      case "OffsetDateTime":
        return "DateTime";
      case "UUID":
        return "Uuid";
      default:
        return shape.equals("array") ? "List" : erasure;
    }
  }
}
