package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;

/**
 * A text answer in the charset it names (UTF-8 when it names none), within the binary bound; of the media type asked
 * for when one was ({@link ResponseType#text(String)}).
 */
final class TextReader implements BodyReader {
  @Override
  public String refusal(ResponseType<?> type, String contentType) {
    return BytesReader.mediaTypeRefusal(type, contentType);
  }

  @Override
  public Object read(ResponseType<?> type, HttpEntity entity, Handover handover) throws IOException {
    if (entity == null) {
      return "";
    }
    byte[] bytes = BytesReader.bytesOf(entity);
    ContentType parsed = entity.getContentType() == null ? null : ContentType.parse(entity.getContentType());
    Charset charset = parsed == null || parsed.getCharset() == null ? StandardCharsets.UTF_8 : parsed.getCharset();
    return new String(bytes, charset);
  }
}
