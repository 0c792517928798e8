package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.Bodies;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The core's bounded reads and content decoding, byte by byte. */
class BodiesTest {
  private static final byte[] TEXT = "{\"created\":1,\"data\":[]}".getBytes(StandardCharsets.UTF_8);

  private static HttpEntity entity(byte[] bytes, String coding) {
    return new ByteArrayEntity(bytes, ContentType.APPLICATION_JSON, coding);
  }

  private static byte[] read(HttpEntity entity) throws IOException {
    try (InputStream in = entity.getContent()) {
      return in.readAllBytes();
    }
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    }
    return out.toByteArray();
  }

  private static byte[] deflate(byte[] bytes, boolean zlib) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream deflater = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, !zlib))) {
      deflater.write(bytes);
    }
    return out.toByteArray();
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "x-gzip", " GZIP "})
  void gzipIsInflatedAsItIsRead(String coding) throws IOException {
    HttpEntity decoded = ContentCoding.decoded(entity(gzip(TEXT), coding));
    assertArrayEquals(TEXT, read(decoded));
    assertNull(decoded.getContentEncoding());
    assertEquals(-1, decoded.getContentLength());
    assertEquals("application/json; charset=UTF-8", decoded.getContentType());
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    decoded.writeTo(written);
    assertArrayEquals(TEXT, written.toByteArray());
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void deflateIsInflatedWrappedOrRaw(boolean zlib) throws IOException {
    assertArrayEquals(TEXT, read(ContentCoding.decoded(entity(deflate(TEXT, zlib), "deflate"))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "identity", "IDENTITY"})
  void noCodingLeavesTheEntityAsItIs(String coding) {
    HttpEntity plain = entity(TEXT, coding.isEmpty() ? null : coding);
    assertSame(plain, ContentCoding.decoded(plain));
    assertEquals("", ContentCoding.coding(plain));
    assertNull(ContentCoding.decoded(null));
  }

  @Test
  void anUnaskedCodingIsUndecodable() {
    ContentCoding.Undecodable e = assertThrows(ContentCoding.Undecodable.class, () -> read(ContentCoding.decoded(entity(TEXT, "br"))));
    assertEquals("its Content-Encoding br is not one the SDK accepts (gzip, x-gzip, deflate)", e.getMessage());
  }

  @Test
  void aCorruptGzipBodyIsUndecodable() throws IOException {
    byte[] corrupt = gzip(TEXT);
    for (int i = 12; i < corrupt.length - 8; i++) {
      corrupt[i] = (byte) 0xff;
    }
    ContentCoding.Undecodable e = assertThrows(ContentCoding.Undecodable.class, () -> read(ContentCoding.decoded(entity(corrupt, "gzip"))));
    assertTrue(e.getMessage().startsWith("its gzip coding is corrupt: "), e.getMessage());
  }

  @Test
  void readAtMostReadsUpToItsBoundAndNoFurther() throws IOException {
    assertArrayEquals(TEXT, Bodies.readAtMost(new ByteArrayInputStream(TEXT), TEXT.length));
    Bodies.TooLarge e = assertThrows(Bodies.TooLarge.class,
        () -> Bodies.readAtMost(new ByteArrayInputStream(TEXT), TEXT.length - 1));
    assertEquals("larger than " + (TEXT.length - 1) + " bytes",
        e.getMessage());
  }

  @Test
  void limitedCountsSingleBytesAndArrays() throws IOException {
    InputStream in = Bodies.limited(new ByteArrayInputStream(new byte[] {1, 2, 3}), 2);
    assertEquals(1, in.read());
    assertEquals(2, in.read());
    assertThrows(Bodies.TooLarge.class, in::read);
    InputStream exact = Bodies.limited(new ByteArrayInputStream(new byte[] {1, 2}), 2);
    assertEquals(2, exact.read(new byte[8], 0, 8));
    assertEquals(-1, exact.read());
    assertEquals(-1, exact.read(new byte[8], 0, 8));
  }

  @Test
  void prefixSaysWhetherItIsTheWholeBody() throws IOException {
    Bodies.Prefix whole = Bodies.prefix(new ByteArrayInputStream(TEXT), TEXT.length);
    assertEquals(new String(TEXT, StandardCharsets.UTF_8), whole.text);
    assertTrue(whole.complete);
    Bodies.Prefix cut = Bodies.prefix(new ByteArrayInputStream(TEXT), 5);
    assertEquals("{\"cre", cut.text);
    assertFalse(cut.complete);
    Bodies.Prefix oneMore = Bodies.prefix(new ByteArrayInputStream(TEXT), TEXT.length - 1);
    assertFalse(oneMore.complete);
  }

  /** A zero byte is a byte: read one at a time, it counts towards the bound like any other. */
  @Test
  void limitedCountsZeroBytesReadOneAtATime() throws IOException {
    InputStream in = Bodies.limited(new ByteArrayInputStream(new byte[3]), 2);
    assertEquals(0, in.read());
    assertEquals(0, in.read());
    assertThrows(Bodies.TooLarge.class, in::read);
  }

  /** A body that arrives a byte per read, as a slow connection gives it: the prefix still fills up to its bound. */
  @Test
  void prefixKeepsReadingABodyThatTrickles() throws IOException {
    Bodies.Prefix cut = Bodies.prefix(trickle(TEXT), 5);
    assertEquals("{\"cre", cut.text);
    assertFalse(cut.complete);
    Bodies.Prefix whole = Bodies.prefix(trickle(TEXT), TEXT.length);
    assertEquals(new String(TEXT, StandardCharsets.UTF_8), whole.text);
    assertTrue(whole.complete);
    assertArrayEquals(TEXT, Bodies.readAtMost(trickle(TEXT), TEXT.length));
  }

  private static InputStream trickle(byte[] bytes) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] buffer, int offset, int length) {
        return super.read(buffer, offset, Math.min(length, 1));
      }
    };
  }

  @Test
  void copyWritesEverything() throws IOException {
    byte[] large = new byte[40000];
    large[39999] = 7;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Bodies.copy(new ByteArrayInputStream(large), out);
    assertArrayEquals(large, out.toByteArray());
  }
}
