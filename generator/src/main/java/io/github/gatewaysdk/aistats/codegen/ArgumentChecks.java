package io.github.gatewaysdk.aistats.codegen;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.openapitools.codegen.utils.ModelUtils;

/**
 * The contract's constraints on an operation's arguments, as the service template renders them: each a rule of the
 * core's {@code Checks}, the name users know (dotted for nested properties, {@code provider.max_price}), the Java
 * expression of the value, its bound, and a guard that skips the check while a parent object is unset. Nested
 * objects are followed through their properties; arrays and unions are not entered (their items are the contract
 * tests' to cover).
 */
final class ArgumentChecks {
  private static final int MAX_DEPTH = 8;

  private final OpenAPI openAPI;
  private final UnaryOperator<String> getter;
  private final List<Map<String, Object>> checks = new ArrayList<>();

  /** @param getter the Java getter of a property, by the contract's name ({@code max_price} gives getMaxPrice) */
  ArgumentChecks(OpenAPI openAPI, UnaryOperator<String> getter) {
    this.openAPI = openAPI;
    this.getter = getter;
  }

  List<Map<String, Object>> list() {
    return checks;
  }

  /** A parameter or top-level value. */
  void add(String name, String value, boolean required, Schema<?> schema) {
    add(name, value, required, ModelUtils.getReferencedSchema(openAPI, schema), Collections.<String>emptyList(), 0);
  }

  /** A request body held in the Java variable {@code target}, and its properties, nested ones included. */
  void addBody(String target, boolean required, Schema<?> body) {
    if (required) {
      checks.add(check("required", target, target, null, Collections.<String>emptyList()));
    }
    // A required body was just checked, so its properties need no guard; an optional one may be absent.
    properties("", target, withAllOf(body), required ? Collections.<String>emptyList()
        : Collections.singletonList(target + " != null"), 0);
  }

  private void properties(String prefix, String owner, Schema<?> schema, List<String> guard, int depth) {
    if (schema.getProperties() == null || depth > MAX_DEPTH) {
      return;
    }
    List<String> requiredNames = schema.getRequired() == null ? Collections.<String>emptyList() : schema.getRequired();
    for (Map.Entry<String, Schema> property : schema.getProperties().entrySet()) {
      String value = owner + "." + getter.apply(property.getKey()) + "()";
      add(prefix + property.getKey(), value, requiredNames.contains(property.getKey()),
          ModelUtils.getReferencedSchema(openAPI, property.getValue()), guard, depth);
    }
  }

  private void add(String name, String value, boolean required, Schema<?> schema, List<String> guard, int depth) {
    if (required) {
      checks.add(check("required", name, value, null, guard));
    }
    if (schema == null) {
      return;
    }
    if (schema.getMinimum() != null) {
      checks.add(check("minimum", name, value,
          quoted(schema.getMinimum()) + ", " + Boolean.TRUE.equals(schema.getExclusiveMinimum()), guard));
    }
    if (schema.getMaximum() != null) {
      checks.add(check("maximum", name, value,
          quoted(schema.getMaximum()) + ", " + Boolean.TRUE.equals(schema.getExclusiveMaximum()), guard));
    }
    if (schema.getMinLength() != null) {
      checks.add(check("minLength", name, value, String.valueOf(schema.getMinLength()), guard));
    }
    if (schema.getMaxLength() != null) {
      checks.add(check("maxLength", name, value, String.valueOf(schema.getMaxLength()), guard));
    }
    if (schema.getPattern() != null) {
      checks.add(check("pattern", name, value, "java.util.regex.Pattern.compile(" + literal(schema.getPattern()) + ")",
          guard));
    }
    if (schema.getMinItems() != null) {
      checks.add(check("minItems", name, value, String.valueOf(schema.getMinItems()), guard));
    }
    if (schema.getMaxItems() != null) {
      checks.add(check("maxItems", name, value, String.valueOf(schema.getMaxItems()), guard));
    }
    if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
      String allowed = schema.getEnum().stream().map(String::valueOf).collect(Collectors.joining(", "));
      checks.add(check("known", name, value, literal(allowed), guard));
    }
    boolean union = schema.getOneOf() != null || schema.getAnyOf() != null;
    Schema<?> object = withAllOf(schema);
    if (!union && object.getProperties() != null) {
      List<String> nested = new ArrayList<>(guard);
      nested.add(value + " != null");
      properties(name + ".", value, object, nested, depth + 1);
    }
  }

  /**
   * The schema with the properties and required names of its {@code allOf} parts, as the gateway's contract wraps a
   * {@code $ref} to describe it ({@code provider: {allOf: [$ref: ProviderRoutingOptions], description}}).
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private Schema<?> withAllOf(Schema<?> schema) {
    if (schema.getAllOf() == null || schema.getAllOf().isEmpty()) {
      return schema;
    }
    Schema merged = new Schema();
    Map<String, Schema> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (Schema<?> part : schema.getAllOf()) {
      Schema<?> resolved = withAllOf(ModelUtils.getReferencedSchema(openAPI, part));
      if (resolved.getProperties() != null) {
        properties.putAll(resolved.getProperties());
      }
      if (resolved.getRequired() != null) {
        required.addAll(resolved.getRequired());
      }
    }
    if (schema.getProperties() != null) {
      properties.putAll(schema.getProperties());
    }
    if (schema.getRequired() != null) {
      required.addAll(schema.getRequired());
    }
    merged.setProperties(properties.isEmpty() ? null : properties);
    merged.setRequired(required.isEmpty() ? null : required);
    return merged;
  }

  private static Map<String, Object> check(String rule, String name, String value, String bound, List<String> guard) {
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("rule", rule);
    check.put("name", name);
    check.put("value", value);
    check.put("bound", bound);
    check.put("guard", guard.isEmpty() ? null : String.join(" && ", guard));
    return check;
  }

  private static String quoted(BigDecimal bound) {
    return "\"" + bound.toPlainString() + "\"";
  }

  /** A Java string literal of {@code text}. */
  private static String literal(String text) {
    StringBuilder literal = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '\\':
          literal.append("\\\\");
          break;
        case '"':
          literal.append("\\\"");
          break;
        case '\n':
          literal.append("\\n");
          break;
        default:
          literal.append(c);
      }
    }
    return literal.append('"').toString();
  }
}
