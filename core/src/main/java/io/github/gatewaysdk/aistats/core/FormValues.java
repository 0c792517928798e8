package io.github.gatewaysdk.aistats.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import java.io.File;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

/**
 * A form field's value as the forms' encoders see it: a union as the value it holds, and a value the SDK types (an
 * enum, a date, a URI) as the text of its JSON value, as OpenAPI 3.0 sends scalar properties of a form.
 */
final class FormValues {
  private final ObjectMapper json;

  FormValues(ObjectMapper json) {
    this.json = json;
  }

  /** @return the value a field holds, a union unwrapped */
  static Object plain(ApiRequest.FormPart field) {
    return plain(field.value());
  }

  private static Object plain(Object value) {
    return value instanceof ApiUnion ? ((ApiUnion) value).value() : value;
  }

  /** @return whether the value is written to JSON as a scalar, so that a form carries it as text */
  boolean isText(Object value) {
    Object plain = plain(value);
    return plain instanceof CharSequence || plain instanceof Number || plain instanceof Boolean
        || plain != null && !(plain instanceof Collection) && !(plain instanceof Map) && !(plain instanceof byte[])
        && !(plain instanceof File) && !(plain instanceof Path) && !(plain instanceof FilePart) && json.valueToTree(plain).isValueNode();
  }

  /** @return whether the value is a collection of values {@link #isText} holds for: one field per item */
  boolean isTextList(Object value) {
    return value instanceof Collection && ((Collection<?>) value).stream().allMatch(this::isText);
  }

  /** @return the value's text; call only when {@link #isText} holds */
  String text(Object value) {
    Object plain = plain(value);
    if (plain instanceof CharSequence || plain instanceof Number || plain instanceof Boolean) {
      return String.valueOf(plain);
    }
    return json.valueToTree(plain).asText();
  }
}
