package io.github.gatewaysdk.aistats.core.internal;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Internal: not for applications, and free to change in any release. Bounded reads, the one place a body is read
 * within a limit: no answer, however large or however far it inflates, is held whole unless it is the result.
 */
public final class Bodies {
  private Bodies() {
  }

  /** Writes what is left of {@code in} to {@code out} (Java 8 has no transferTo). */
  public static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[16384];
    for (int n; (n = in.read(buffer)) != -1; ) {
      out.write(buffer, 0, n);
    }
  }

  /** Reads {@code in} to its end; throws {@link TooLarge} once it holds more than {@code maxBytes}. */
  public static byte[] readAtMost(InputStream in, long maxBytes) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    copy(limited(in, maxBytes), bytes);
    return bytes.toByteArray();
  }

  /**
   * The first {@code maxBytes} of {@code in} as UTF-8 text, and whether that was all of it. The rest is left unread:
   * the caller closes the exchange, which drops the connection instead of reading on.
   */
  public static Prefix prefix(InputStream in, int maxBytes) throws IOException {
    byte[] buffer = new byte[maxBytes + 1];
    int filled = 0;
    for (int n; filled < buffer.length && (n = in.read(buffer, filled, buffer.length - filled)) > 0; ) {
      filled += n;
    }
    boolean complete = filled <= maxBytes && in.read() == -1;
    return new Prefix(new String(buffer, 0, Math.min(filled, maxBytes), StandardCharsets.UTF_8), complete);
  }

  /** {@code in}, failing with {@link TooLarge} once more than {@code maxBytes} have been read from it. */
  public static InputStream limited(InputStream in, long maxBytes) {
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

  /** A body past its bound; the rest is not read. Its message, {@code larger than <n> bytes}, follows its subject. */
  public static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    public TooLarge(long maxBytes) {
      super("larger than " + maxBytes + " bytes");
    }
  }

  public static final class Prefix {
    public final String text;
    public final boolean complete;

    Prefix(String text, boolean complete) {
      this.text = text;
      this.complete = complete;
    }
  }
}
