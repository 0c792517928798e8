package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.ApiCore;
import io.github.gatewaysdk.aistats.core.internal.Bodies;
import io.github.gatewaysdk.aistats.core.internal.MediaTypes;
import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.http.HttpEntity;

/**
 * A binary answer (an image, audio) as bytes, at most {@link ApiCore#MAX_BINARY_BYTES}; a body of a media type the
 * operation does not answer with (a proxy's HTML error page) is refused.
 */
final class BytesReader implements BodyReader {
  private static final byte[] NONE = new byte[0];

  @Override
  public String refusal(ResponseType<?> type, String contentType) {
    return mediaTypeRefusal(type, contentType);
  }

  /** @return null when a body of {@code contentType} is of a media type the operation answers with, else those */
  static String mediaTypeRefusal(ResponseType<?> type, String contentType) {
    if (contentType == null) {
      return null;
    }
    String essence = MediaTypes.essence(contentType);
    for (String range : type.accept().split(",")) {
      if (MediaTypes.matches(range.trim(), essence)) {
        return null;
      }
    }
    return type.accept();
  }

  @Override
  public Object read(ResponseType<?> type, HttpEntity entity, Handover handover) throws IOException {
    return entity == null ? NONE : bytesOf(entity);
  }

  /** The whole body, within the bound of a binary answer. */
  static byte[] bytesOf(HttpEntity entity) throws IOException {
    try (InputStream in = entity.getContent()) {
      return Bodies.readAtMost(in, ApiCore.MAX_BINARY_BYTES);
    }
  }
}
