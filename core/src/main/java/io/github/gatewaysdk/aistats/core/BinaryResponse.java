package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.ApiCore;
import io.github.gatewaysdk.aistats.core.internal.Bodies;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * A binary answer (audio, video, a file) as it arrives, never held whole by the SDK: read it as a stream, write it to
 * a file, or take its bytes; then close it, which releases the connection. The call goes on until then: its deadline,
 * a cancel and the client's close still end it, and a read then fails with the call's typed exception (an
 * {@link io.github.gatewaysdk.aistats.errors.AiStatsException}, unchecked, as every failure of a call).
 *
 * <pre>{@code
 * try (BinaryResponse speech = client.audio().createSpeech(request)) {
 *   speech.writeTo(Paths.get("hello.mp3"));
 * }
 * }</pre>
 *
 * <p>One reader at a time. An answer left open holds its connection until the call's deadline ends it.
 */
public final class BinaryResponse implements AutoCloseable {
  private final String contentType;
  private final long contentLength;
  private final InputStream body;
  private final Handover handover;
  private boolean released;

  BinaryResponse(String contentType, long contentLength, InputStream body, Handover handover) {
    this.contentType = contentType;
    this.contentLength = contentLength;
    this.handover = handover;
    this.body = new FilterInputStream(body) {
      @Override
      public int read() throws IOException {
        try {
          return ended(super.read());
        } catch (IOException e) {
          throw failed(e);
        }
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
          return ended(super.read(buffer, offset, length));
        } catch (IOException e) {
          throw failed(e);
        }
      }

      /** The end of the body releases the connection, once HttpClient is done with it (for the next call to reuse). */
      private int ended(int read) {
        if (read == -1) {
          release(true);
        }
        return read;
      }

      private RuntimeException failed(IOException e) {
        release(false);
        return handover.failed(e, "");
      }

      @Override
      public void close() {
        BinaryResponse.this.close();
      }
    };
  }

  /** @return the answer's media type, e.g. {@code audio/mpeg}; null when the server named none */
  public String contentType() {
    return contentType;
  }

  /** @return the body's length in bytes as the server announced it, or -1 when it did not (or sent it compressed) */
  public long contentLength() {
    return contentLength;
  }

  /**
   * @return the body, as it arrives; closing it closes this answer. A read fails with the call's typed exception
   *     (unchecked) when the call ends before the body does
   */
  public InputStream stream() {
    return body;
  }

  /**
   * Writes the rest of the body to a file, replacing it, then closes this answer.
   *
   * @param file where to write
   * @return {@code file}
   * @throws UncheckedIOException when the file cannot be written
   */
  public Path writeTo(Path file) {
    Objects.requireNonNull(file, "file");
    try (InputStream in = body) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Writes the rest of the body to a stream (not closed), then closes this answer.
   *
   * @param out where to write
   * @throws UncheckedIOException when {@code out} fails
   */
  public void writeTo(OutputStream out) {
    Objects.requireNonNull(out, "out");
    try (InputStream in = body) {
      Bodies.copy(in, out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the body", e);
    }
  }

  /**
   * @return the rest of the body, then closes this answer
   * @throws IllegalStateException when it is larger than {@link ApiCore#MAX_BINARY_BYTES}: {@link #stream()} and
   *     {@link #writeTo(Path)} take answers of any size
   */
  public byte[] bytes() {
    try (InputStream in = body) {
      return Bodies.readAtMost(in, ApiCore.MAX_BINARY_BYTES);
    } catch (Bodies.TooLarge e) {
      throw new IllegalStateException("the body is " + e.getMessage() + ", more than bytes() holds: read it with"
          + " stream() or writeTo(Path)", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not reached: the stream throws the call's typed exceptions
    }
  }

  /** Releases the connection; a body not read to its end is dropped with it. Idempotent. */
  @Override
  public void close() {
    release(false);
  }

  /** @param atEnd whether the body was read to its end */
  private synchronized void release(boolean atEnd) {
    if (!released) {
      released = true;
      handover.release(atEnd);
    }
  }

  @Override
  public String toString() {
    return "BinaryResponse{contentType=" + contentType + ", contentLength=" + contentLength + "}";
  }
}
