package io.github.gatewaysdk.aistats.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;

/**
 * An answer's body as the non-blocking client received it: the bytes, in the chunks they came in (never copied into
 * one array), up to a bound, and how the body ended. Reading it gives the bytes, then throws what ended the exchange
 * early (a reset, a timeout, a connection closed before the announced length), so the answer is read, classified and
 * reported exactly as the blocking client's stream would be.
 */
final class ReceivedBody extends AbstractHttpEntity {
  private final List<byte[]> chunks = new ArrayList<>();
  private long size;
  private IOException failure;

  ReceivedBody(String contentType, String contentEncoding) {
    super(contentType, contentEncoding);
  }

  /** Appends at most {@code maxBytes} of {@code src} in all; @return whether the bound was reached */
  boolean append(ByteBuffer src, long maxBytes) {
    int take = (int) Math.min(src.remaining(), maxBytes - size);
    if (take > 0) {
      byte[] chunk = new byte[take];
      src.get(chunk);
      chunks.add(chunk);
      size += take;
    }
    return size >= maxBytes;
  }

  /** @param failure what ended the body, thrown by the reader after the bytes received */
  void endedBy(IOException failure) {
    this.failure = failure;
  }

  @Override
  public long getContentLength() {
    return size;
  }

  @Override
  public boolean isRepeatable() {
    return false;
  }

  @Override
  public boolean isStreaming() {
    return false;
  }

  @Override
  public InputStream getContent() {
    return new InputStream() {
      private int chunk;
      private int offset;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] buffer, int off, int length) throws IOException {
        if (length == 0) {
          return 0;
        }
        while (chunk < chunks.size() && offset == chunks.get(chunk).length) {
          chunk++;
          offset = 0;
        }
        if (chunk == chunks.size()) {
          if (failure != null) {
            throw failure;
          }
          return -1;
        }
        byte[] current = chunks.get(chunk);
        int n = Math.min(length, current.length - offset);
        System.arraycopy(current, offset, buffer, off, n);
        offset += n;
        return n;
      }
    };
  }

  @Override
  public void writeTo(java.io.OutputStream out) throws IOException {
    for (byte[] chunk : chunks) {
      out.write(chunk);
    }
  }

  @Override
  public void close() {
    // Nothing is held: the bytes are in memory.
  }
}
