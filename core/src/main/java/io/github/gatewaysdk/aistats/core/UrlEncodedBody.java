package io.github.gatewaysdk.aistats.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import io.github.gatewaysdk.aistats.core.internal.MediaTypes;
import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * An {@code application/x-www-form-urlencoded} body: {@code name=value} pairs joined by {@code &}, UTF-8 and
 * percent-encoded as HTML forms are (a space as {@code +}); an array of scalars as its field repeated (OpenAPI 3.0's
 * default, form style exploded). A field holding an object, bytes or a file has no text form here and is refused.
 */
final class UrlEncodedBody implements BodyEncoder {
  private static final ContentType URL_ENCODED = ContentType.create(MediaTypes.URL_ENCODED);

  private final FormValues values;

  UrlEncodedBody(ObjectMapper json) {
    this.values = new FormValues(json);
  }

  @Override
  public String mediaType() {
    return MediaTypes.URL_ENCODED;
  }

  @Override
  public HttpEntity encode(ApiRequest<?> request) {
    StringBuilder form = new StringBuilder();
    for (ApiRequest.FormPart field : request.parts()) {
      Object value = FormValues.plain(field);
      if (values.isText(value)) {
        add(form, field.name(), values.text(value));
      } else if (values.isTextList(value)) {
        for (Object item : (Collection<?>) value) {
          add(form, field.name(), values.text(item));
        }
      } else {
        throw new IllegalArgumentException("the field " + field.name() + " of " + request.operation() + " holds a "
            + value.getClass().getSimpleName() + ", which " + MediaTypes.URL_ENCODED + " cannot carry: only text,"
            + " numbers, booleans, enums and arrays of them");
      }
    }
    return new ByteArrayEntity(form.toString().getBytes(StandardCharsets.US_ASCII), URL_ENCODED);
  }

  private static void add(StringBuilder form, String name, String value) {
    form.append(form.length() == 0 ? "" : "&").append(encode(name)).append('=').append(encode(value));
  }

  private static String encode(String text) {
    try {
      return URLEncoder.encode(text, StandardCharsets.UTF_8.name());
    } catch (UnsupportedEncodingException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
