package io.github.gatewaysdk.aistats.core;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.entity.BasicAsyncEntityProducer;

/** Bounded reads: no answer, however large or however far it inflates, is held whole unless it is the result. */
final class Bodies {
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

  /** Reads {@code in} to its end; null when it holds more than {@code maxBytes} (then not all of it is read). */
  static byte[] readAtMost(InputStream in, int maxBytes) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[16384];
    for (int n; (n = in.read(buffer)) != -1; ) {
      if (bytes.size() + n > maxBytes) {
        return null;
      }
      bytes.write(buffer, 0, n);
    }
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

  static final class Prefix {
    final String text;
    final boolean complete;

    Prefix(String text, boolean complete) {
      this.text = text;
      this.complete = complete;
    }
  }
}
