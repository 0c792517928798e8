package io.github.gatewaysdk.aistats.core;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.entity.BasicAsyncEntityProducer;

/** Bounded reads: no answer, however large or however far it inflates, is held whole unless it is the result. */
final class Bodies {
  /** The content codings every call accepts; {@link #decoded} undoes them. */
  static final String ACCEPT_ENCODING = "gzip, x-gzip, deflate";

  private Bodies() {
  }

  /**
   * A request body for the non-blocking client: a form streamed as it is written (until {@code aborted}), other
   * bodies (JSON, small) from their bytes.
   */
  static AsyncEntityProducer producer(HttpEntity body, BooleanSupplier aborted) throws IOException {
    if (body == null) {
      return null;
    }
    if (body instanceof MultipartForm) {
      return ((MultipartForm) body).producer(aborted);
    }
    return new BasicAsyncEntityProducer(EntityUtils.toByteArray(body),
        body.getContentType() == null ? null : ContentType.parse(body.getContentType()));
  }

  /**
   * The body as its sender wrote it: a gzip or deflate coding (which every call accepts, {@link #ACCEPT_ENCODING}) is
   * undone as the body is read, so no bound is ever checked on compressed bytes.
   */
  static HttpEntity decoded(HttpEntity entity) {
    String coding = coding(entity);
    if (coding.isEmpty()) {
      return entity;
    }
    return new HttpEntityWrapper(entity) {
      @Override
      public InputStream getContent() throws IOException {
        return decoder(coding, super.getContent());
      }

      @Override
      public String getContentEncoding() {
        return null;
      }

      @Override
      public long getContentLength() {
        return -1;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        try (InputStream in = getContent()) {
          copy(in, out);
        }
      }
    };
  }

  /** Writes what is left of {@code in} to {@code out} (Java 8 has no transferTo). */
  static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[16384];
    for (int n; (n = in.read(buffer)) != -1; ) {
      out.write(buffer, 0, n);
    }
  }

  /** @return the body's content coding, lower case; empty when it has none */
  static String coding(HttpEntity entity) {
    String coding = entity == null || entity.getContentEncoding() == null ? ""
        : entity.getContentEncoding().trim().toLowerCase(java.util.Locale.ROOT);
    return coding.equals("identity") ? "" : coding;
  }

  private static InputStream decoder(String coding, InputStream in) throws IOException {
    InputStream decoded;
    switch (coding) {
      case "gzip":
      case "x-gzip":
        decoded = new GZIPInputStream(in, 8192);
        break;
      case "deflate":
        // RFC 9110 means zlib-wrapped; some servers send raw deflate, told apart by zlib's two-byte header.
        PushbackInputStream peek = new PushbackInputStream(in, 2);
        byte[] head = new byte[2];
        int n = peek.read(head);
        if (n > 0) {
          peek.unread(head, 0, n);
        }
        boolean zlib = n == 2 && (head[0] & 0x0f) == 8 && (((head[0] & 0xff) << 8) | (head[1] & 0xff)) % 31 == 0;
        decoded = new InflaterInputStream(peek, new Inflater(!zlib), 8192);
        break;
      default:
        in.close();
        throw new Undecodable("its Content-Encoding " + coding + " is not one the SDK accepts (" + ACCEPT_ENCODING + ")");
    }
    return new FilterInputStream(decoded) {
      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
          return super.read(buffer, offset, length);
        } catch (ZipException corrupt) {
          throw new Undecodable("its " + coding + " coding is corrupt: " + corrupt.getMessage());
        }
      }
    };
  }

  /** Reads {@code in} to its end; throws {@link TooLarge} once it holds more than {@code maxBytes}. */
  static byte[] readAtMost(InputStream in, long maxBytes) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    copy(limited(in, maxBytes), bytes);
    return bytes.toByteArray();
  }

  /**
   * The first {@code maxBytes} of {@code in} as UTF-8 text, and whether that was all of it. The rest is left unread:
   * the caller closes the exchange, which drops the connection instead of reading on.
   */
  static Prefix prefix(InputStream in, int maxBytes) throws IOException {
    byte[] buffer = new byte[maxBytes + 1];
    int filled = 0;
    for (int n; filled < buffer.length && (n = in.read(buffer, filled, buffer.length - filled)) > 0; ) {
      filled += n;
    }
    boolean complete = filled <= maxBytes && in.read() == -1;
    return new Prefix(new String(buffer, 0, Math.min(filled, maxBytes), StandardCharsets.UTF_8), complete);
  }

  /** {@code in}, failing with {@link TooLarge} once more than {@code maxBytes} have been read from it. */
  static InputStream limited(InputStream in, long maxBytes) {
    return new FilterInputStream(in) {
      private long read;

      @Override
      public int read() throws IOException {
        int b = super.read();
        count(b < 0 ? 0 : 1);
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        count(Math.max(n, 0));
        return n;
      }

      private void count(int n) throws TooLarge {
        read += n;
        if (read > maxBytes) {
          throw new TooLarge(maxBytes);
        }
      }
    };
  }

  /** A body past its bound; the rest is not read. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long maxBytes) {
      super("the body is larger than " + maxBytes + " bytes, more than any answer of this API");
    }
  }

  /** A body whose content coding cannot be undone. */
  static final class Undecodable extends IOException {
    private static final long serialVersionUID = 1L;

    Undecodable(String message) {
      super(message);
    }
  }

  static final class Prefix {
    final String text;
    final boolean complete;

    Prefix(String text, boolean complete) {
      this.text = text;
      this.complete = complete;
    }
  }
}
