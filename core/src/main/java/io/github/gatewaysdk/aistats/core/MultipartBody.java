package io.github.gatewaysdk.aistats.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import io.github.gatewaysdk.aistats.core.internal.MediaTypes;
import java.io.File;
import java.nio.file.Path;
import java.util.Collection;
import org.apache.hc.core5.http.HttpEntity;

/**
 * A {@code multipart/form-data} body ({@link MultipartForm}), each field by OpenAPI 3.0's default encoding of its
 * value: scalars as text, arrays of scalars as one text part per item, bytes as binary, files ({@link FilePart}) as
 * file parts (one per item of an array), objects and arrays of objects as JSON.
 */
final class MultipartBody implements BodyEncoder {
  private final ObjectMapper json;
  private final FormValues values;

  MultipartBody(ObjectMapper json) {
    this.json = json;
    this.values = new FormValues(json);
  }

  @Override
  public String mediaType() {
    return MediaTypes.MULTIPART;
  }

  @Override
  public HttpEntity encode(ApiRequest<?> request) {
    MultipartForm.Builder form = MultipartForm.create();
    for (ApiRequest.FormPart field : request.parts()) {
      add(form, field, request);
    }
    return form.build();
  }

  private void add(MultipartForm.Builder form, ApiRequest.FormPart field, ApiRequest<?> request) {
    String name = field.name();
    Object value = FormValues.plain(field);
    try {
      if (value instanceof byte[]) {
        form.addBinaryBody(name, (byte[]) value);
      } else if (isFile(value)) {
        form.addFile(name, file(value));
      } else if (value instanceof Collection && ((Collection<?>) value).stream().allMatch(MultipartBody::isFile)
          && !((Collection<?>) value).isEmpty()) {
        for (Object item : (Collection<?>) value) {
          form.addFile(name, file(item));
        }
      } else if (values.isText(value)) {
        form.addTextBody(name, values.text(value));
      } else if (values.isTextList(value)) {
        for (Object item : (Collection<?>) value) {
          form.addTextBody(name, values.text(item));
        }
      } else {
        form.addJsonBody(name, json.writeValueAsBytes(value));
      }
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalArgumentException("the part " + name + " of " + request.operation()
          + " cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  private static boolean isFile(Object value) {
    return value instanceof FilePart || value instanceof Path || value instanceof File;
  }

  /** A file part; a {@link Path} or {@link File} as {@link FilePart#of(Path)} makes it, as the SDK took them before. */
  private static FilePart file(Object value) {
    return value instanceof FilePart ? (FilePart) value
        : FilePart.of(value instanceof File ? ((File) value).toPath() : (Path) value);
  }
}
