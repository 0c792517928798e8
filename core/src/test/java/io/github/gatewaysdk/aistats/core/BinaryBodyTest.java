package io.github.gatewaysdk.aistats.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import io.github.gatewaysdk.aistats.core.internal.Bodies;
import io.github.gatewaysdk.aistats.core.internal.MediaTypes;
import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hc.core5.http.HttpEntity;
import org.junit.jupiter.api.Test;

/** A file sent as the whole body: in the media type the operation names, or the file's own for a range. */
class BinaryBodyTest {
  private static final byte[] PNG = "png bytes".getBytes(StandardCharsets.UTF_8);
  private final BinaryBody encoder = new BinaryBody();

  @Test
  void itIsTheEncoderOfAnyMediaType() {
    assertEquals(MediaTypes.ANY, encoder.mediaType());
  }

  @Test
  void bytesAreSentInTheNamedMediaTypeWithTheirLengthAndRepeatably() throws IOException {
    HttpEntity entity = encoder.encode(put(FilePart.of(PNG, "a.png", "image/png"), "application/octet-stream"));
    assertEquals("application/octet-stream", entity.getContentType());
    assertEquals(PNG.length, entity.getContentLength());
    assertFalse(entity.isChunked());
    assertTrue(entity.isRepeatable());
    assertFalse(entity.isStreaming());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    entity.writeTo(out);
    assertArrayEquals(PNG, out.toByteArray());
    try (InputStream in = entity.getContent()) {
      assertArrayEquals(PNG, Bodies.readAtMost(in, 1024), "read again: the same bytes");
    }
  }

  @Test
  void aRangeTakesTheFilesOwnMediaType() {
    assertEquals("image/png", encoder.encode(put(FilePart.of(PNG, "a.png", "image/png"), "image/*"))
        .getContentType());
  }

  @Test
  void aStreamOfUnknownLengthIsSentOnceInChunks() throws IOException {
    HttpEntity entity = encoder.encode(put(FilePart.of(new ByteArrayInputStream(PNG), "a.png", "image/png"),
        "image/png"));
    assertEquals(-1, entity.getContentLength());
    assertTrue(entity.isChunked());
    assertFalse(entity.isRepeatable());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    entity.writeTo(out);
    assertArrayEquals(PNG, out.toByteArray());
  }

  @Test
  void anEmptyFileHasALengthOfZeroNotChunked() {
    HttpEntity entity = encoder.encode(put(FilePart.of(new byte[0], "e.bin", "image/png"), "image/png"));
    assertEquals(0, entity.getContentLength());
    assertFalse(entity.isChunked());
  }

  /** A stream the call never sent is closed with the body, when the call ends. */
  @Test
  void closingTheBodyClosesAStreamNotSent() throws IOException {
    java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    InputStream stream = new ByteArrayInputStream(PNG) {
      @Override
      public void close() {
        closed.set(true);
      }
    };
    HttpEntity entity = encoder.encode(put(FilePart.of(stream, "a.png", "image/png"), "image/png"));
    entity.close();
    assertTrue(closed.get());
  }

  @Test
  void theNonBlockingClientWritesItThroughAPipe() {
    BinaryBody.Entity entity = (BinaryBody.Entity) encoder.encode(put(FilePart.of(PNG, "a.png", "image/png"),
        "image/png"));
    assertTrue(entity.producer(() -> false, Runnable::run) instanceof PipedBody);
  }

  @Test
  void aBodyOfAnotherMediaTypeThatIsNoFileIsRefused() {
    ApiRequest<String> form = ApiRequest.builder("POST", "/csv", ResponseType.text()).formBody("text/csv")
        .part("a", 1).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> encoder.encode(form));
    assertTrue(e.getMessage().startsWith("POST /csv has a body of media type text/csv, which this SDK sends only"
        + " from a file (FilePart)"), e.getMessage());
  }

  private static ApiRequest<String> put(FilePart file, String mediaType) {
    return ApiRequest.builder("PUT", "/files/f", ResponseType.text()).binaryBody(file, mediaType).build();
  }
}
