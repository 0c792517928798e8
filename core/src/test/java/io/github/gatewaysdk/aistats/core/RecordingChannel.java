package io.github.gatewaysdk.aistats.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;

/**
 * A socket as HttpCore hands it to a request body's producer: it takes at most {@code room} bytes a turn, and it
 * records what was written, in which writes, and each request for output.
 */
final class RecordingChannel implements DataStreamChannel {
  final List<Integer> writes = new CopyOnWriteArrayList<>();
  final Semaphore outputRequested = new Semaphore(0);
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private final int room;
  private int left;
  private volatile boolean ended;

  RecordingChannel(int room) {
    this.room = room;
  }

  /** The socket drained: it takes {@code room} bytes again. */
  void nextTurn() {
    left = room;
  }

  boolean ended() {
    return ended;
  }

  synchronized byte[] received() {
    return received.toByteArray();
  }

  @Override
  public synchronized int write(ByteBuffer src) {
    if (ended) {
      throw new IllegalStateException("written after the end of the stream");
    }
    int n = Math.min(src.remaining(), left);
    byte[] bytes = new byte[n];
    src.get(bytes);
    received.write(bytes, 0, n);
    left -= n;
    if (n > 0) {
      writes.add(n);
    }
    return n;
  }

  @Override
  public void requestOutput() {
    outputRequested.release();
  }

  @Override
  public void endStream() {
    ended = true;
  }

  @Override
  public void endStream(List<? extends Header> trailers) {
    ended = true;
  }

  /** One turn of the I/O thread: the socket drained, the producer asked for what it has. */
  void turn(AsyncEntityProducer producer) throws IOException {
    nextTurn();
    producer.produce(this);
  }

  /**
   * Sends a body as HttpCore's I/O thread does, within ten seconds: asks for output again at once while the producer
   * has some available, else only once the producer has requested output.
   */
  void sendAll(AsyncEntityProducer producer) throws IOException, InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!ended) {
      assertTrue(System.nanoTime() < end, "the body was not sent within ten seconds");
      outputRequested.drainPermits();
      turn(producer);
      if (!ended && producer.available() == 0) {
        assertTrue(outputRequested.tryAcquire(10, TimeUnit.SECONDS), "the producer never asked for output");
      }
    }
  }
}
