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
 * its branches, each with its Java type, a name for its factory and accessors, the JSON shape that selects it and,
 * for object branches, the properties that must be present; and the discriminator's mapping where there is one.
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
    String shape;
    String json;
    List<String> required = Collections.emptyList();
    if (property.isBoolean) {
      shape = "boolean";
      json = "boolean";
    } else if (property.isInteger || property.isLong) {
      shape = "integer";
      json = "integer";
    } else if (property.isNumber || property.isNumeric || property.isDecimal || property.isDouble || property.isFloat) {
      shape = "number";
      json = "number";
    } else if (property.isArray) {
      shape = "array";
      json = "array";
    } else if (property.isMap || property.isFreeFormObject || property.isAnyType || "Object".equals(javaType)) {
      shape = "object";
      json = "object";
    } else if (property.isModel || property.complexType != null && !property.isString) {
      shape = "model";
      json = "object";
      Schema<?> schema = openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null ? null
          : openAPI.getComponents().getSchemas().get(property.baseType != null ? property.baseType : javaType);
      if (schema != null && schema.getRequired() != null) {
        required = schema.getRequired();
      }
    } else {
      shape = "string";
      json = "string";
    }
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
    branch.put("json", json);
    branch.put("test", test(shape, required));
    return branch;
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

  /** The Java test, on a Jackson {@code JsonNode} named {@code node}, that selects the branch. */
  private static String test(String shape, List<String> required) {
    switch (shape) {
      case "boolean":
        return "node.isBoolean()";
      case "integer":
        return "node.isIntegralNumber()";
      case "number":
        return "node.isNumber()";
      case "array":
        return "node.isArray()";
      case "string":
        return "node.isTextual()";
      default:
        StringBuilder test = new StringBuilder("node.isObject()");
        for (String property : required) {
          test.append(" && node.has(\"").append(property.replace("\"", "\\\"")).append("\")");
        }
        return test.toString();
    }
  }
}
