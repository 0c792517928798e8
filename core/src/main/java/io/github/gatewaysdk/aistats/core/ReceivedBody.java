package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.Bodies;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.apache.hc.core5.http.nio.CapacityChannel;

/**
 * An answer's body as the non-blocking client receives it: the I/O thread writes the bytes as they come into a ring,
 * the reader takes them, on another thread, as a stream. At most {@link #WINDOW} bytes wait unread: past that the
 * server is asked for more only as the reader takes them (HttpCore's capacity channel), so a call holds the same few
 * bytes of an answer, however large, as the blocking client's socket buffer does. A small answer's ring is its own, of
 * its size; a large answer's is one of the client's {@link Rings}, given back at the body's end or close for the next
 * answers, so that what a call allocates does not grow with its answer. Reading gives the bytes, then throws what
 * ended the exchange early (a reset, a timeout, an abort), as a socket's stream would.
 */
final class ReceivedBody extends AbstractHttpEntity {
  /** The bytes the server may send ahead of the reader. */
  static final int WINDOW = 256 * 1024;
  /**
   * The most of a body's rest skipped to keep its connection ({@link #skipRest}): an end after a stream's last event
   * is a few bytes; a longer rest costs less dropped than read. Below half the window, so a server is never left
   * waiting for capacity while it is skipped.
   */
  static final int MAX_SKIPPED = 64 * 1024;
  /** The longest wait for a body's rest ({@link #skipRest}): its end may come a packet, or a delayed ACK, later. */
  static final long REST_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** The largest ring a body allocates for itself when the client has one for it. */
  static final int OWN_RING = 16 * 1024;
  /**
   * The size of the client's rings: the window, and what HttpCore delivers past it (at most its 32 KiB read buffer)
   * before it stops reading.
   */
  static final int SHARED_RING = WINDOW + WINDOW / 4;
  private static final byte[] NONE = new byte[0];

  /**
   * An asynchronous client's rings, each used by one answer at a time and kept for the next: a few, so that answers
   * read one after the other, or a few at once, allocate none; answers beyond them allocate their own. A ring whose
   * body is never read to its end nor closed is not replaced.
   */
  static final class Rings {
    static final int KEPT = 4;
    private final ArrayBlockingQueue<byte[]> free = new ArrayBlockingQueue<>(KEPT);
    private final AtomicInteger made = new AtomicInteger();

    /** @return a free ring, else a new one while fewer than {@link #KEPT} were made, else null */
    byte[] take() {
      byte[] ring = free.poll();
      if (ring == null && made.getAndUpdate(n -> Math.min(n + 1, KEPT)) < KEPT) {
        ring = new byte[SHARED_RING];
      }
      return ring;
    }

    /** @param ring a ring no body uses any more: kept when it is one of the client's */
    void give(byte[] ring) {
      if (ring.length == SHARED_RING) {
        free.offer(ring);
      }
    }
  }

  /** Drops the connection when the reader stops before the end. */
  private final Closeable discard;
  private final Rings rings;
  private final long announcedLength;
  /** The unread bytes: {@code unread} of them from {@code head}, wrapping at the ring's end. */
  private byte[] ring = NONE;
  private int head;
  private int unread;
  private long received;
  private boolean ended;
  private IOException failure;
  /** HttpClient is done with the exchange: its connection is back in the pool, or dropped. */
  private boolean connectionReleased;
  /** Threads waiting on this body: the I/O thread wakes them only then. */
  private int waiting;
  private CapacityChannel capacity;
  /** Whether the server waits for capacity that was held back while the reader was behind. */
  private boolean capacityOwed;

  /** @param announcedLength the Content-Length the server sent, -1 for none */
  ReceivedBody(String contentType, String contentEncoding, long announcedLength, Rings rings, Closeable discard) {
    super(contentType, contentEncoding);
    this.announcedLength = announcedLength;
    this.rings = rings;
    this.discard = discard;
  }

  /** Takes all of {@code src} (the I/O thread must not keep it); @return whether the window is full */
  synchronized boolean append(ByteBuffer src) {
    int n = src.remaining();
    if (n > 0 && failure == null) {
      if (unread + n > ring.length) {
        grow(unread + n);
      }
      int tail = head + unread < ring.length ? head + unread : head + unread - ring.length;
      int first = Math.min(n, ring.length - tail);
      src.get(ring, tail, first);
      src.get(ring, 0, n - first);
      unread += n;
      received += n;
      wake();
    }
    return unread >= WINDOW;
  }

  /**
   * A larger ring, the unread bytes moved to its start: past a small one, one of the client's when it has one;
   * else one of its own, of the announced length when the whole body fits, else doubled. Larger than the client's
   * only if HttpCore ever delivered more past the window than it reads at once.
   */
  private void grow(int needed) {
    int own = announcedLength >= needed && announcedLength <= SHARED_RING ? (int) announcedLength
        : Math.max(needed, 2 * ring.length);
    byte[] larger = own > OWN_RING && needed <= SHARED_RING ? rings.take() : null;
    if (larger == null) {
      larger = new byte[own];
    }
    int first = Math.min(unread, ring.length - head);
    System.arraycopy(ring, head, larger, 0, first);
    System.arraycopy(ring, 0, larger, first, unread - first);
    rings.give(ring);
    ring = larger;
    head = 0;
  }

  /** Gives the ring back once no byte of it is read or written again: the body is complete and read, or closed. */
  private void dropRing() {
    rings.give(ring);
    ring = NONE;
    head = 0;
    unread = 0;
  }

  private void wake() {
    if (waiting > 0) {
      notifyAll();
    }
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
    wake();
  }

  /** @param cause what ended the body early, thrown by the reader once it has the bytes before it */
  synchronized void endedBy(IOException cause) {
    if (!ended && failure == null) {
      failure = cause;
      wake();
    }
  }

  /** HttpClient is done with the exchange: its connection went back to the pool (or was dropped). */
  synchronized void connectionReleased() {
    connectionReleased = true;
    wake();
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
      private final byte[] one = new byte[1];

      @Override
      public int read() throws IOException {
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

  /** Fills {@code buffer} with as many bytes as wait unread, up to {@code length}; waits for some when none do. */
  private int take(byte[] buffer, int off, int length) throws IOException {
    int n;
    CapacityChannel grant = null;
    int granted = 0;
    synchronized (this) {
      while (unread == 0 && !ended && failure == null) {
        waiting++;
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while reading the answer");
        } finally {
          waiting--;
        }
      }
      if (unread == 0) {
        dropRing(); // nothing more is appended to a body that ended or failed
        if (failure != null) {
          throw failure;
        }
        return -1;
      }
      n = Math.min(length, unread);
      int first = Math.min(n, ring.length - head);
      System.arraycopy(ring, head, buffer, off, first);
      System.arraycopy(ring, 0, buffer, off + first, n - first);
      unread -= n;
      head = unread == 0 ? 0 : (head + n) % ring.length; // emptied, the next bytes go in one piece
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

  /**
   * Skips the rest of a body whose reader wants no more of it (an event stream's {@code [DONE]}) so that its
   * connection is kept, as the blocking client's close does: waits until HttpClient has released the connection, for
   * at most {@link #MAX_SKIPPED} bytes and {@link #REST_WAIT_NANOS}, within {@code remainingNanos} (the call's
   * deadline), or until the exchange fails or an interrupt. Past a bound, {@link #close} drops the connection.
   */
  void skipRest(long remainingNanos) {
    long until = System.nanoTime() + Math.min(REST_WAIT_NANOS, remainingNanos);
    long skipped = 0;
    synchronized (this) {
      while (!connectionReleased && failure == null) {
        skipped += unread;
        unread = 0;
        head = 0;
        long left = until - System.nanoTime();
        if (skipped > MAX_SKIPPED || left <= 0) {
          return;
        }
        waiting++;
        try {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } finally {
          waiting--;
        }
      }
    }
  }

  /** Ends the reading: a body not received whole drops its connection rather than be read to its end. */
  @Override
  public void close() throws IOException {
    boolean complete;
    synchronized (this) {
      complete = isComplete();
      if (!complete) {
        failure = new InterruptedIOException("the body was closed before its end");
        wake();
      }
      dropRing(); // after the failure is set: no byte is appended to it any more
    }
    if (!complete) {
      discard.close();
    }
  }
}
