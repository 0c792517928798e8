package io.github.gatewaysdk.aistats.codegen;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An {@code integer} without a format is any whole number in OpenAPI, but an {@code Integer} in the stock Java
 * models: the gateway's contract gives nanosecond amounts as such, with examples past 2^31, which the SDK could then
 * not read. Such an integer becomes {@code format: int64} (a {@code Long}) when its minimum, maximum, default or
 * example does not fit in 32 bits; one within them stays an {@code Integer}.
 */
final class IntegerWidths {
  private static final BigDecimal INT_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
  private static final BigDecimal INT_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);

  private IntegerWidths() {
  }

  static void widen(OpenAPI openAPI) {
    Set<Schema<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
      openAPI.getComponents().getSchemas().values().forEach(schema -> widen(schema, seen));
    }
    if (openAPI.getComponents() != null && openAPI.getComponents().getParameters() != null) {
      openAPI.getComponents().getParameters().values().forEach(parameter -> widen(parameter.getSchema(), seen));
    }
    if (openAPI.getPaths() == null) {
      return;
    }
    for (PathItem path : openAPI.getPaths().values()) {
      if (path.getParameters() != null) {
        path.getParameters().forEach(parameter -> widen(parameter.getSchema(), seen));
      }
      for (Operation operation : path.readOperations()) {
        if (operation.getParameters() != null) {
          for (Parameter parameter : operation.getParameters()) {
            widen(parameter.getSchema(), seen);
          }
        }
        if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
          operation.getRequestBody().getContent().values().forEach(media -> widen(media.getSchema(), seen));
        }
        if (operation.getResponses() != null) {
          for (ApiResponse response : operation.getResponses().values()) {
            if (response.getContent() != null) {
              for (MediaType media : response.getContent().values()) {
                widen(media.getSchema(), seen);
              }
            }
          }
        }
      }
    }
  }

  @SuppressWarnings("rawtypes")
  private static void widen(Schema<?> schema, Set<Schema<?>> seen) {
    if (schema == null || !seen.add(schema)) {
      return;
    }
    if ("integer".equals(schema.getType()) && schema.getFormat() == null && !fitsInt(schema)) {
      schema.setFormat("int64");
    }
    if (schema.getProperties() != null) {
      for (Map.Entry<String, Schema> property : schema.getProperties().entrySet()) {
        widen(property.getValue(), seen);
      }
    }
    widen(schema.getItems(), seen);
    if (schema.getAdditionalProperties() instanceof Schema) {
      widen((Schema<?>) schema.getAdditionalProperties(), seen);
    }
    for (java.util.List<Schema> parts : java.util.Arrays.asList(schema.getAllOf(), schema.getOneOf(),
        schema.getAnyOf())) {
      if (parts != null) {
        parts.forEach(part -> widen(part, seen));
      }
    }
  }

  private static boolean fitsInt(Schema<?> schema) {
    for (Object value : java.util.Arrays.asList(schema.getMinimum(), schema.getMaximum(), schema.getDefault(),
        schema.getExample())) {
      if (value != null) {
        BigDecimal number;
        try {
          number = new BigDecimal(value.toString());
        } catch (NumberFormatException notANumber) {
          continue;
        }
        if (number.compareTo(INT_MIN) < 0 || number.compareTo(INT_MAX) > 0) {
          return false;
        }
      }
    }
    return true;
  }
}
