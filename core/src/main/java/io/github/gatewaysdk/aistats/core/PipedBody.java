package io.github.gatewaysdk.aistats.core;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;

/**
 * A request body for the non-blocking client that is written by a blocking writer: a form with a part read from a
 * caller's stream, which may block, so it is written on the call's executor, never on an I/O thread. The writer hands
 * chunks through a window of {@value #WINDOW_CHUNKS} chunks of {@value #CHUNK_BYTES} bytes and waits while the window
 * is full; the I/O thread sends what the window holds and is woken ({@link DataStreamChannel#requestOutput()}) when
 * there is more. HttpCore's own {@code AbstractClassicEntityProducer} is not used: it cannot state a length, and a
 * failed exchange leaves its writer waiting for room forever.
 */
final class PipedBody implements AsyncEntityProducer {
  static final int CHUNK_BYTES = 32 * 1024;
  static final int WINDOW_CHUNKS = 4;

  private final HttpEntity body;
  private final BooleanSupplier aborted;
  private final Executor executor;
  private final ArrayDeque<ByteBuffer> window = new ArrayDeque<>();
  private DataStreamChannel channel;
  private boolean started;
  private boolean written;
  private boolean released;
  private Exception failure;

  PipedBody(HttpEntity body, BooleanSupplier aborted, Executor executor) {
    this.body = body;
    this.aborted = aborted;
    this.executor = executor;
  }

  @Override
  public void produce(DataStreamChannel out) throws IOException {
    if (aborted.getAsBoolean()) {
      throw new InterruptedIOException("the call was aborted while sending its body");
    }
    synchronized (this) {
      channel = out;
      if (!started) {
        started = true;
        executor.execute(this::write);
      }
    }
    while (true) {
      ByteBuffer chunk;
      synchronized (this) {
        chunk = window.peek();
        if (chunk == null) {
          if (failure != null) {
            throw new IOException("the request body could not be read: " + failure.getMessage(), failure);
          }
          if (written) {
            out.endStream();
          }
          return; // the writer asks for output once it has more
        }
      }
      out.write(chunk);
      if (chunk.hasRemaining()) {
        return; // the socket is full: HttpClient calls again when it can take more
      }
      synchronized (this) {
        window.poll();
        notifyAll();
      }
    }
  }

  private synchronized void fail(Exception e) {
    failure = released ? failure : e;
  }

  /** On the executor: the whole body, chunk by chunk into the window. */
  private void write() {
    try (WindowStream out = new WindowStream()) {
      body.writeTo(out);
    } catch (IOException | RuntimeException e) {
      fail(e);
    } catch (Error e) {
      // Not a body that ended: the upload fails, and the call with it, this Error its cause.
      fail(new IOException("the request body's writer failed: " + e, e));
    } finally {
      DataStreamChannel ready;
      synchronized (this) {
        written = true;
        ready = released ? null : channel;
      }
      if (ready != null) {
        ready.requestOutput();
      }
    }
  }

  /** Fills a chunk at a time and hands each full one to the window, waiting while the window is full. */
  private final class WindowStream extends OutputStream {
    private ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);

    @Override
    public void write(int b) throws IOException {
      chunk.put((byte) b);
      if (!chunk.hasRemaining()) {
        handOn();
      }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      while (length > 0) {
        int taken = Math.min(length, chunk.remaining());
        chunk.put(bytes, offset, taken);
        offset += taken;
        length -= taken;
        if (!chunk.hasRemaining()) {
          handOn();
        }
      }
    }

    @Override
    public void close() throws IOException {
      if (chunk.position() > 0) {
        handOn();
      }
    }

    private void handOn() throws IOException {
      chunk.flip();
      DataStreamChannel ready;
      synchronized (PipedBody.this) {
        while (window.size() >= WINDOW_CHUNKS && !released) {
          try {
            PipedBody.this.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while sending the request body");
          }
        }
        if (released) {
          throw new InterruptedIOException("the exchange ended before the request body was sent");
        }
        window.add(chunk);
        ready = channel;
      }
      chunk = ByteBuffer.allocate(CHUNK_BYTES);
      ready.requestOutput();
    }
  }

  /** Zero only while the writer is busy: HttpCore then stops asking until {@code requestOutput}. */
  @Override
  public int available() {
    synchronized (this) {
      return started && !written && window.isEmpty() ? 0 : Integer.MAX_VALUE;
    }
  }

  @Override
  public boolean isRepeatable() {
    return false;
  }

  @Override
  public void failed(Exception cause) {
    releaseResources();
  }

  /** Ends the writer's wait; the caller's streams are closed when the call ends, with the form. */
  @Override
  public void releaseResources() {
    synchronized (this) {
      released = true;
      window.clear();
      notifyAll();
    }
  }

  @Override
  public long getContentLength() {
    return body.getContentLength();
  }

  @Override
  public String getContentType() {
    return body.getContentType();
  }

  @Override
  public String getContentEncoding() {
    return null;
  }

  @Override
  public boolean isChunked() {
    return body.getContentLength() < 0;
  }

  @Override
  public Set<String> getTrailerNames() {
    return Collections.emptySet();
  }
}
