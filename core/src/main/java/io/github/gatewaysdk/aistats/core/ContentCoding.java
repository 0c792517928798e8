package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.Bodies;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * Content codings: both HttpClient clients' own decompression is off, the core asks for gzip and deflate and undoes
 * them as a body is read, so every bound of {@link Bodies} counts inflated bytes.
 */
final class ContentCoding {
  /** The content codings every call accepts; {@link #decoded} undoes them. */
  static final String ACCEPT_ENCODING = "gzip, x-gzip, deflate";

  private ContentCoding() {
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
          Bodies.copy(in, out);
        }
      }
    };
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
        throw new Undecodable("its Content-Encoding " + coding + " is not one the SDK accepts (" + ACCEPT_ENCODING
            + ")");
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

  /** A body whose content coding cannot be undone. */
  static final class Undecodable extends IOException {
    private static final long serialVersionUID = 1L;

    Undecodable(String message) {
      super(message);
    }
  }

}
