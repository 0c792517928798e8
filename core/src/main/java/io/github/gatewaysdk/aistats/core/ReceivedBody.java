package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.Bodies;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.apache.hc.core5.http.nio.CapacityChannel;

/**
 * An answer's body as the non-blocking client receives it: the I/O thread appends the bytes as they come (never copied
 * into one array), the reader takes them, on another thread, as a stream. At most {@link #WINDOW} bytes wait unread:
 * past that the server is asked for more only as the reader takes them (HttpCore's capacity channel), so a call holds
 * the same few bytes of an answer, however large, as the blocking client's socket buffer does. Reading gives the bytes,
 * then throws what ended the exchange early (a reset, a timeout, an abort), as a socket's stream would.
 */
final class ReceivedBody extends AbstractHttpEntity {
  /** The bytes the server may send ahead of the reader. */
  static final int WINDOW = 256 * 1024;

  private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
  /** Drops the connection when the reader stops before the end. */
  private final Closeable discard;
  private int offset;
  private int unread;
  private long received;
  private final long announcedLength;
  private boolean ended;
  private IOException failure;
  private CapacityChannel capacity;
  /** Whether the server waits for capacity that was held back while the reader was behind. */
  private boolean capacityOwed;

  /** @param announcedLength the Content-Length the server sent, -1 for none */
  ReceivedBody(String contentType, String contentEncoding, long announcedLength, Closeable discard) {
    super(contentType, contentEncoding);
    this.announcedLength = announcedLength;
    this.discard = discard;
  }

  /** Takes all of {@code src} (the I/O thread must not keep it); @return whether the window is full */
  synchronized boolean append(ByteBuffer src) {
    if (src.hasRemaining() && failure == null) {
      byte[] chunk = new byte[src.remaining()];
      src.get(chunk);
      chunks.add(chunk);
      unread += chunk.length;
      received += chunk.length;
      notifyAll();
    }
    return unread >= WINDOW;
  }

  /** The server asks for capacity: granted up to the window, the rest once the reader catches up. */
  synchronized void updateCapacity(CapacityChannel channel) throws IOException {
    capacity = channel;
    if (unread < WINDOW) {
      channel.update(WINDOW - unread);
    } else {
      capacityOwed = true;
    }
  }

  /** The body arrived whole. */
  synchronized void end() {
    ended = true;
    notifyAll();
  }

  /** @param cause what ended the body early, thrown by the reader once it has the bytes before it */
  synchronized void endedBy(IOException cause) {
    if (!ended && failure == null) {
      failure = cause;
      notifyAll();
    }
  }

  synchronized boolean isComplete() {
    return ended || failure != null;
  }

  @Override
  public synchronized long getContentLength() {
    return announcedLength >= 0 ? announcedLength : ended ? received : -1;
  }

  @Override
  public boolean isRepeatable() {
    return false;
  }

  @Override
  public boolean isStreaming() {
    return true;
  }

  @Override
  public InputStream getContent() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] buffer, int off, int length) throws IOException {
        return length == 0 ? 0 : take(buffer, off, length);
      }

      @Override
      public void close() throws IOException {
        ReceivedBody.this.close();
      }
    };
  }

  private int take(byte[] buffer, int off, int length) throws IOException {
    int n;
    CapacityChannel grant = null;
    int granted = 0;
    synchronized (this) {
      while (chunks.isEmpty() && !ended && failure == null) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while reading the answer");
        }
      }
      if (chunks.isEmpty()) {
        if (failure != null) {
          throw failure;
        }
        return -1;
      }
      byte[] current = chunks.peek();
      n = Math.min(length, current.length - offset);
      System.arraycopy(current, offset, buffer, off, n);
      offset += n;
      if (offset == current.length) {
        chunks.poll();
        offset = 0;
      }
      unread -= n;
      if (capacityOwed && unread <= WINDOW / 2) {
        capacityOwed = false;
        grant = capacity;
        granted = WINDOW - unread;
      }
    }
    if (grant != null) {
      grant.update(granted); // outside the lock: HttpCore may call back into this body
    }
    return n;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    try (InputStream in = getContent()) {
      Bodies.copy(in, out);
    }
  }

  /** Ends the reading: a body not received whole drops its connection rather than be read to its end. */
  @Override
  public void close() throws IOException {
    boolean complete;
    synchronized (this) {
      complete = isComplete();
      chunks.clear();
      unread = 0;
      if (!complete) {
        failure = new InterruptedIOException("the body was closed before its end");
        notifyAll();
      }
    }
    if (!complete) {
      discard.close();
    }
  }
}
