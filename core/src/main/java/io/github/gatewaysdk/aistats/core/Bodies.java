package io.github.gatewaysdk.aistats.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Bounded reads: no answer, however large or however far it inflates, is held whole unless it is the result. */
final class Bodies {
  private Bodies() {
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

  static final class Prefix {
    final String text;
    final boolean complete;

    Prefix(String text, boolean complete) {
      this.text = text;
      this.complete = complete;
    }
  }
}
