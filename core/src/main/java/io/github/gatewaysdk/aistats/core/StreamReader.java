package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.http.HttpEntity;

/**
 * A binary answer handed on as it arrives ({@link BinaryResponse}), of any size; a body of a media type the operation
 * does not answer with is refused, as {@link BytesReader} does.
 */
final class StreamReader implements BodyReader {
  @Override
  public String refusal(ResponseType<?> type, String contentType) {
    return BytesReader.mediaTypeRefusal(type, contentType);
  }

  @Override
  public boolean handsOn() {
    return true;
  }

  @Override
  public Object read(ResponseType<?> type, HttpEntity entity, Handover handover) throws IOException {
    if (entity == null) {
      return new BinaryResponse(null, 0, new ByteArrayInputStream(new byte[0]), handover);
    }
    InputStream body = entity.getContent();
    return new BinaryResponse(entity.getContentType(), entity.getContentLength(), body, handover);
  }
}
