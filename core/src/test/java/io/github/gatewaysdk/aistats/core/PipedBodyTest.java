package io.github.gatewaysdk.aistats.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A request body written by a blocking writer on the call's executor and sent by the I/O thread, within a window. */
class PipedBodyTest {
  private static final int CHUNK = PipedBody.CHUNK_BYTES;

  private final List<Thread> writers = new CopyOnWriteArrayList<>();
  private final Executor executor = task -> {
    Thread writer = new Thread(task, "piped-body-writer");
    writer.setDaemon(true);
    writers.add(writer);
    writer.start();
  };
  private final RecordingChannel channel = new RecordingChannel(Integer.MAX_VALUE);
  private PipedBody body;

  /** How a test's body writes itself. */
  interface Writer {
    void writeTo(OutputStream out) throws IOException;
  }

  private static HttpEntity entity(long length, Writer writer) {
    return new AbstractHttpEntity("text/plain", null) {
      @Override
      public void writeTo(OutputStream out) throws IOException {
        writer.writeTo(out);
      }

      @Override
      public InputStream getContent() {
        throw new UnsupportedOperationException("written, not read");
      }

      @Override
      public long getContentLength() {
        return length;
      }

      @Override
      public boolean isStreaming() {
        return true;
      }

      @Override
      public void close() {
      }
    };
  }

  private PipedBody piped(Writer writer) {
    body = new PipedBody(entity(-1, writer), () -> false, executor);
    return body;
  }

  private static byte[] sequence(int count) {
    byte[] bytes = new byte[count];
    for (int i = 0; i < count; i++) {
      bytes[i] = (byte) (i * 7 + i / 251);
    }
    return bytes;
  }

  private Thread writer() {
    assertEquals(1, writers.size(), "one writer, started by the first produce");
    return writers.get(0);
  }

  /** Waits, within ten seconds, until the writer waits (for room, or for the test) or has ended. */
  private void awaitWriterStopped() {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < end) {
      Thread.State state = writer().getState();
      if (state == Thread.State.WAITING || state == Thread.State.TERMINATED) {
        return;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    fail("the writer neither waited nor ended: " + writer().getState());
  }

  private void awaitWriterEnded() throws InterruptedException {
    writer().join(TimeUnit.SECONDS.toMillis(10));
    assertFalse(writer().isAlive(), "the writer still runs");
  }

  @AfterEach
  void endTheWriters() throws InterruptedException {
    if (body != null) {
      body.releaseResources();
    }
    for (Thread writer : writers) {
      writer.join(TimeUnit.SECONDS.toMillis(10));
    }
  }

  @Test
  void aBodyWrittenInOneGoArrivesWholeInFullChunks() throws Exception {
    byte[] bytes = sequence(3 * CHUNK + 10);
    channel.sendAll(piped(out -> out.write(bytes)));
    assertArrayEquals(bytes, channel.received());
    assertEquals(List.of(CHUNK, CHUNK, CHUNK, 10), channel.writes);
  }

  @Test
  void aBodyWrittenAByteAtATimeStillGoesInFullChunks() throws Exception {
    byte[] bytes = sequence(CHUNK + 5);
    channel.sendAll(piped(out -> {
      for (byte b : bytes) {
        out.write(b);
      }
    }));
    assertArrayEquals(bytes, channel.received());
    assertEquals(List.of(CHUNK, 5), channel.writes);
  }

  @Test
  void anEmptyBodyEndsAtOnce() throws Exception {
    channel.sendAll(piped(out -> { }));
    assertEquals(0, channel.received().length);
  }

  /** The writer of a body of ten chunks, counting the chunks it has written, when nothing is sent. */
  private AtomicInteger tenChunksWrittenUnsent(AtomicReference<IOException> stopped) throws IOException {
    AtomicInteger written = new AtomicInteger();
    byte[] chunk = sequence(CHUNK);
    piped(out -> {
      try {
        for (int i = 0; i < 10; i++) {
          out.write(chunk);
          written.incrementAndGet();
        }
      } catch (IOException e) {
        stopped.set(e);
        throw e;
      }
    });
    new RecordingChannel(0).turn(body);
    awaitWriterStopped();
    return written;
  }

  @Test
  void theWriterWaitsWhileTheWindowIsFullThenEverythingArrives() throws Exception {
    AtomicInteger written = tenChunksWrittenUnsent(new AtomicReference<>());
    assertEquals(PipedBody.WINDOW_CHUNKS, written.get(), "the window's chunks, no more");
    assertTrue(body.available() > 0, "the window has chunks to send");
    channel.sendAll(body);
    assertEquals(10, written.get());
    assertEquals(10 * CHUNK, channel.received().length);
  }

  @Test
  void aFailedExchangeEndsTheWritersWaitForRoom() throws Exception {
    AtomicReference<IOException> stopped = new AtomicReference<>();
    tenChunksWrittenUnsent(stopped);
    body.failed(new IOException("Connection reset"));
    awaitWriterEnded();
    assertTrue(stopped.get() instanceof InterruptedIOException, String.valueOf(stopped.get()));
  }

  @Test
  void anInterruptedWriterStopsKeepingTheInterruptAndTheBodyFails() throws Exception {
    AtomicReference<IOException> stopped = new AtomicReference<>();
    AtomicReference<Boolean> interrupted = new AtomicReference<>();
    AtomicInteger written = new AtomicInteger();
    piped(out -> {
      try {
        for (int i = 0; i < 10; i++) {
          out.write(sequence(CHUNK));
          written.incrementAndGet();
        }
      } catch (IOException e) {
        stopped.set(e);
        interrupted.set(Thread.currentThread().isInterrupted());
        throw e;
      }
    });
    new RecordingChannel(0).turn(body);
    awaitWriterStopped();
    writer().interrupt();
    awaitWriterEnded();
    assertTrue(stopped.get() instanceof InterruptedIOException, String.valueOf(stopped.get()));
    assertEquals(Boolean.TRUE, interrupted.get(), "the interrupt is kept for the writer's caller");
    IOException failure = assertThrows(IOException.class, () -> channel.sendAll(body));
    assertSame(stopped.get(), failure.getCause());
  }

  @Test
  void aWriterThatFailsFailsTheBodyInsteadOfEndingItShort() {
    IOException gone = new IOException("the disk is gone");
    piped(out -> {
      out.write(sequence(10));
      throw gone;
    });
    IOException failure = assertThrows(IOException.class, () -> channel.sendAll(body));
    assertSame(gone, failure.getCause());
    assertFalse(channel.ended());
  }

  /**
   * The I/O thread stops asking for output while the writer is busy and nothing waits in the window: the writer's end
   * must wake it, whether the body ended or failed.
   */
  private void writerEndingLate(IOException failure) throws Exception {
    CountDownLatch chunkWritten = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    piped(out -> {
      out.write(sequence(CHUNK));
      chunkWritten.countDown();
      try {
        assertTrue(finish.await(10, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        throw new InterruptedIOException();
      }
      if (failure != null) {
        throw failure;
      }
    });
    assertTrue(body.available() > 0, "nothing started: HttpCore asks for output");
    new RecordingChannel(0).turn(body);
    assertTrue(chunkWritten.await(10, TimeUnit.SECONDS));
    assertTrue(body.available() > 0, "a chunk waits in the window");
    channel.turn(body);
    assertEquals(CHUNK, channel.received().length);
    assertEquals(0, body.available(), "the writer is busy, the window empty");
    channel.outputRequested.drainPermits();
    finish.countDown();
    assertTrue(channel.outputRequested.tryAcquire(10, TimeUnit.SECONDS), "the writer's end asks for output");
    assertTrue(body.available() > 0);
  }

  @Test
  void theWritersEndWakesTheSenderToEndTheBody() throws Exception {
    writerEndingLate(null);
    body.produce(channel);
    assertTrue(channel.ended());
  }

  @Test
  void theWritersFailureWakesTheSenderToFailTheBody() throws Exception {
    IOException gone = new IOException("the disk is gone");
    writerEndingLate(gone);
    assertSame(gone, assertThrows(IOException.class, () -> body.produce(channel)).getCause());
  }

  /** A truncated body must not go out as a whole one, whatever the writer threw. */
  @Test
  void anErrorOfTheWriterFailsTheBodyInsteadOfEndingIt() {
    AssertionError broken = new AssertionError("the caller's stream broke");
    piped(out -> {
      out.write(sequence(10));
      throw broken;
    });
    IOException e = assertThrows(IOException.class, () -> channel.sendAll(body));
    assertSame(broken, e.getCause().getCause());
    assertFalse(channel.ended(), "the stream was not ended as if whole");
  }

  @Test
  void aBodyOfKnownLengthGoesWithItAndOfUnknownLengthChunked() {
    PipedBody empty = new PipedBody(entity(0, out -> { }), () -> false, executor);
    assertEquals(0, empty.getContentLength());
    assertFalse(empty.isChunked(), "Content-Length: 0");
    PipedBody streamed = new PipedBody(entity(-1, out -> { }), () -> false, executor);
    assertTrue(streamed.isChunked());
    assertEquals("text/plain", streamed.getContentType());
    assertNull(streamed.getContentEncoding());
    assertFalse(streamed.isRepeatable(), "written once");
    assertTrue(streamed.getTrailerNames().isEmpty());
  }

  @Test
  void anAbortedCallSendsNothing() {
    body = new PipedBody(entity(-1, out -> out.write(1)), () -> true, executor);
    assertThrows(InterruptedIOException.class, () -> body.produce(channel));
    assertTrue(writers.isEmpty(), "no writer started");
  }
}
