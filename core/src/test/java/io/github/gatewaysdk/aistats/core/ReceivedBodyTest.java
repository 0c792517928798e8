package io.github.gatewaysdk.aistats.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.junit.jupiter.api.Test;

/** The asynchronous client's answer body: a pipe from the I/O thread to the reader, within its window. */
class ReceivedBodyTest {
  private final AtomicInteger discarded = new AtomicInteger();
  private final List<Integer> granted = new ArrayList<>();
  private final CapacityChannel capacity = granted::add;
  private final ReceivedBody.Rings rings = new ReceivedBody.Rings();
  private final ReceivedBody body = new ReceivedBody("application/json", null, -1, rings, discarded::incrementAndGet);

  private static ByteBuffer bytes(int count, int value) {
    byte[] bytes = new byte[count];
    java.util.Arrays.fill(bytes, (byte) value);
    return ByteBuffer.wrap(bytes);
  }

  @Test
  void theReaderGetsTheBytesInOrderThenTheEnd() throws IOException {
    assertFalse(body.append(ByteBuffer.wrap(new byte[] {1, 2, 3})));
    assertFalse(body.append(ByteBuffer.wrap(new byte[0])));
    body.append(ByteBuffer.wrap(new byte[] {4}));
    body.end();
    assertTrue(body.isComplete());
    assertEquals(4, body.getContentLength());
    InputStream in = body.getContent();
    assertEquals(1, in.read());
    byte[] rest = new byte[8];
    assertEquals(2, in.read(rest, 0, 2));
    assertEquals(0, in.read(rest, 0, 0));
    assertEquals(1, in.read(rest, 2, 6));
    assertArrayEquals(new byte[] {2, 3, 4}, java.util.Arrays.copyOf(rest, 3));
    assertEquals(-1, in.read());
    in.close();
    assertEquals(0, discarded.get(), "a body read to its end keeps its connection");
  }

  @Test
  void aBodyNotEndedHasNoLengthAndIsNotRepeatable() {
    body.append(bytes(3, 1));
    assertEquals(-1, body.getContentLength());
    assertFalse(body.isRepeatable());
    assertTrue(body.isStreaming());
  }

  @Test
  void theServerIsGrantedAWindowAndTheRestAsTheReaderCatchesUp() throws IOException {
    body.updateCapacity(capacity);
    assertEquals(List.of(ReceivedBody.WINDOW), granted);
    assertFalse(body.append(bytes(ReceivedBody.WINDOW - 1, 1)));
    assertTrue(body.append(bytes(1, 2)), "the window is full");
    body.updateCapacity(capacity);
    assertEquals(List.of(ReceivedBody.WINDOW), granted, "nothing more until the reader takes some");
    InputStream in = body.getContent();
    byte[] half = new byte[ReceivedBody.WINDOW / 2 - 1];
    int taken = 0;
    while (taken < half.length) {
      taken += in.read(half, taken, half.length - taken);
    }
    assertEquals(List.of(ReceivedBody.WINDOW), granted, "the reader is still more than half a window behind");
    assertEquals(1, in.read());
    assertEquals(List.of(ReceivedBody.WINDOW, ReceivedBody.WINDOW / 2), granted);
  }

  @Test
  void capacityAskedForWhileTheWindowIsPartlyUsedGetsTheRest() throws IOException {
    body.append(bytes(1000, 1));
    body.updateCapacity(capacity);
    assertEquals(List.of(ReceivedBody.WINDOW - 1000), granted);
  }

  @Test
  void aFailureIsThrownAfterTheBytesThatCameBeforeIt() throws IOException {
    body.append(ByteBuffer.wrap(new byte[] {9}));
    SocketException reset = new SocketException("Connection reset");
    body.endedBy(reset);
    body.endedBy(new IOException("a later one"));
    assertTrue(body.isComplete());
    InputStream in = body.getContent();
    assertEquals(9, in.read());
    assertSame(reset, assertThrows(SocketException.class, in::read));
  }

  @Test
  void aFailureAfterTheEndChangesNothing() throws IOException {
    body.append(ByteBuffer.wrap(new byte[] {9}));
    body.end();
    body.endedBy(new IOException("late"));
    InputStream in = body.getContent();
    assertEquals(9, in.read());
    assertEquals(-1, in.read());
  }

  @Test
  void aReaderWaitsForTheNextBytes() throws Exception {
    CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
      try {
        return body.getContent().read();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    // The reader stays blocked while nothing arrives: still waiting after a while, not merely not started yet.
    assertThrows(java.util.concurrent.TimeoutException.class, () -> reader.get(200, TimeUnit.MILLISECONDS));
    body.append(ByteBuffer.wrap(new byte[] {42}));
    assertEquals(42, assertTimeoutPreemptively(Duration.ofSeconds(5), () -> reader.get()));
  }

  @Test
  void closingBeforeTheEndDropsTheConnectionAndEndsTheReading() throws IOException {
    body.append(bytes(10, 1));
    InputStream in = body.getContent();
    in.close();
    assertEquals(1, discarded.get());
    assertThrows(InterruptedIOException.class, in::read);
    body.close();
    assertEquals(1, discarded.get(), "dropped once");
  }

  @Test
  void aReadTakesWhatWaitsAcrossThePiecesThatBroughtIt() throws IOException {
    body.append(bytes(3, 1));
    body.append(bytes(4, 2));
    body.append(bytes(5, 3));
    byte[] buffer = new byte[64];
    assertEquals(12, body.getContent().read(buffer));
    assertArrayEquals(new byte[] {1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3}, java.util.Arrays.copyOf(buffer, 12));
  }

  /** Pieces and reads of every size, the bytes wrapping around the ring's end and the ring growing meanwhile. */
  @Test
  void theBytesComeOutInOrderHoweverTheyArriveAndAreRead() throws IOException {
    java.util.Random random = new java.util.Random(27);
    InputStream in = body.getContent();
    int sent = 0;
    int read = 0;
    while (read < 2_000_000) {
      byte[] piece = new byte[random.nextInt(40_000)];
      for (int i = 0; i < piece.length; i++) {
        piece[i] = (byte) (sent + i);
      }
      body.append(ByteBuffer.wrap(piece));
      sent += piece.length;
      // Reads leave some bytes unread now and then, so later pieces go in behind them and wrap.
      while (read < sent - random.nextInt(20_000)) {
        byte[] buffer = new byte[1 + random.nextInt(30_000)];
        int n = in.read(buffer);
        for (int i = 0; i < n; i++) {
          assertEquals((byte) (read + i), buffer[i], "byte " + (read + i));
        }
        read += n;
      }
    }
  }

  /** The client's ring that a large answer used, as the next one takes it. */
  private byte[] ringOfALargeAnswer() {
    byte[] shared = rings.take();
    rings.give(shared);
    body.append(bytes(ReceivedBody.OWN_RING + 1, 1));
    return shared;
  }

  @Test
  void aLargeAnswersRingIsTheClientsAndGoesBackAtTheEnd() throws IOException {
    byte[] shared = ringOfALargeAnswer();
    body.end();
    InputStream in = body.getContent();
    in.read(new byte[ReceivedBody.OWN_RING + 1]);
    assertNotSame(shared, rings.take(), "in use until the body is read to its end");
    assertEquals(-1, in.read());
    assertSame(shared, rings.take());
    body.close();
    assertNotSame(shared, rings.take(), "given back once");
  }

  @Test
  void aRingGoesBackWhenTheBodyIsClosedAndNoLateByteLandsInIt() throws IOException {
    byte[] shared = ringOfALargeAnswer();
    body.close();
    body.append(bytes(ReceivedBody.OWN_RING, 9)); // the I/O thread, late
    assertSame(shared, rings.take());
    for (byte b : shared) {
      assertFalse(b == 9, "a byte after the close was written into a ring given back");
    }
  }

  @Test
  void theClientMakesAFewRingsAndAnswersBeyondThemAllocateTheirOwn() throws IOException {
    List<ReceivedBody> answers = new ArrayList<>();
    for (int i = 0; i <= ReceivedBody.Rings.KEPT; i++) {
      ReceivedBody answer = new ReceivedBody("application/octet-stream", null, -1, rings, () -> { });
      answer.append(bytes(ReceivedBody.OWN_RING + 1, i));
      answers.add(answer);
    }
    for (ReceivedBody answer : answers) {
      answer.close();
    }
    for (int i = 0; i < ReceivedBody.Rings.KEPT; i++) {
      assertEquals(ReceivedBody.SHARED_RING, rings.take().length, "kept for the next answers");
    }
    assertNull(rings.take(), "the answer beyond them had its own, not kept, and no more are made");
  }

  /** The announced length decides, not the first piece: a body announced past its own ring uses the client's. */
  @Test
  void anAnswerAnnouncedPastItsOwnRingTakesTheClientsRingFromItsFirstPiece() throws IOException {
    ReceivedBody answer = new ReceivedBody("application/octet-stream", null, 300_000, rings, () -> { });
    answer.append(bytes(1000, 1));
    for (int i = 1; i < ReceivedBody.Rings.KEPT; i++) {
      assertEquals(ReceivedBody.SHARED_RING, rings.take().length);
    }
    assertTrue(rings.take() == null, "the answer holds the client's last ring");
  }

  @Test
  void aSmallAnswersRingIsItsOwn() throws IOException {
    byte[] shared = rings.take();
    rings.give(shared);
    body.append(bytes(ReceivedBody.OWN_RING, 1));
    assertSame(shared, rings.take(), "not taken");
  }

  @Test
  void skippingTheRestWaitsForTheEndSoTheConnectionIsKept() throws Exception {
    body.append(bytes(10, 1));
    CompletableFuture<Void> skipping = CompletableFuture.runAsync(() -> body.skipRest(TimeUnit.SECONDS.toNanos(30)));
    body.append(bytes(5, 2)); // the answer's last bytes, after what the reader wanted
    body.end();
    body.connectionReleased();
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> skipping.get());
    body.close();
    assertEquals(0, discarded.get(), "an answer that ended keeps its connection");
  }

  @Test
  void aRestLargerThanTheBoundIsNotWaitedForAndTheConnectionDropped() throws IOException {
    body.append(bytes(ReceivedBody.MAX_SKIPPED + 1, 1));
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> body.skipRest(Long.MAX_VALUE));
    body.close();
    assertEquals(1, discarded.get());
  }

  @Test
  void noTimeLeftNoWaitForTheRest() throws IOException {
    body.append(bytes(10, 1));
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> body.skipRest(0));
    body.close();
    assertEquals(1, discarded.get(), "the call's deadline had passed: the connection is dropped");
  }

  @Test
  void aFailureEndsTheWaitForTheRest() throws Exception {
    CompletableFuture<Void> skipping = CompletableFuture.runAsync(() -> body.skipRest(TimeUnit.SECONDS.toNanos(30)));
    body.endedBy(new InterruptedIOException("the call was aborted"));
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> skipping.get());
  }

  /** Bytes {@code from}, {@code from + 1}, ... as a piece the I/O thread hands over. */
  private static ByteBuffer sequence(int from, int count) {
    byte[] bytes = new byte[count];
    for (int i = 0; i < count; i++) {
      bytes[i] = (byte) (from + i);
    }
    return ByteBuffer.wrap(bytes);
  }

  private static void assertReads(InputStream in, int from, int count) throws IOException {
    byte[] buffer = new byte[count];
    int taken = 0;
    while (taken < count) {
      int n = in.read(buffer, taken, count - taken);
      assertTrue(n > 0, "the body ended early");
      taken += n;
    }
    assertArrayEquals(sequence(from, count).array(), buffer);
  }

  /** Starts {@code task} on a thread of its own, as the reader on the call's executor. */
  private static Thread started(Runnable task) {
    Thread thread = new Thread(task, "received-body-test");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Waits, within ten seconds, until {@code thread} waits on the body or has ended. */
  private static void awaitWaitingOrEnded(Thread thread) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < end) {
      Thread.State state = thread.getState();
      if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.TERMINATED) {
        return;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    fail("the thread neither waited nor ended: " + thread.getState());
  }

  /** A reader already waiting for the next bytes, and what its read gave. */
  private CompletableFuture<Integer> waitingReader() {
    CompletableFuture<Integer> read = new CompletableFuture<>();
    Thread reader = started(() -> {
      try {
        read.complete(body.getContent().read());
      } catch (Throwable e) {
        read.completeExceptionally(e);
      }
    });
    awaitWaitingOrEnded(reader);
    assertFalse(read.isDone(), "nothing to read yet");
    return read;
  }

  private static Throwable failureOf(CompletableFuture<Integer> read) {
    return assertThrows(java.util.concurrent.ExecutionException.class,
        () -> read.get(10, TimeUnit.SECONDS)).getCause();
  }

  @Test
  void aWaitingReaderIsWokenByTheEnd() throws Exception {
    CompletableFuture<Integer> read = waitingReader();
    body.end();
    assertEquals(-1, read.get(10, TimeUnit.SECONDS));
  }

  @Test
  void aWaitingReaderIsWokenByAFailure() {
    CompletableFuture<Integer> read = waitingReader();
    SocketException reset = new SocketException("Connection reset");
    body.endedBy(reset);
    assertSame(reset, failureOf(read));
  }

  @Test
  void aWaitingReaderIsWokenWhenTheBodyIsClosed() throws IOException {
    CompletableFuture<Integer> read = waitingReader();
    body.close();
    assertTrue(failureOf(read) instanceof InterruptedIOException);
    assertEquals(1, discarded.get());
  }

  @Test
  void anInterruptedReadFailsAndKeepsTheInterrupt() {
    InputStream in = body.getContent();
    Thread.currentThread().interrupt();
    try {
      assertThrows(InterruptedIOException.class, in::read);
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void anAnnouncedLengthIsKnownBeforeTheEndEvenWhenZero() {
    assertEquals(0, new ReceivedBody("text/plain", null, 0, rings, () -> { }).getContentLength());
    ReceivedBody announced = new ReceivedBody("text/plain", null, 5, rings, () -> { });
    announced.append(bytes(2, 1));
    assertEquals(5, announced.getContentLength());
  }

  /** A small ring read across its end, and moved to a larger one while its bytes wrap round it. */
  @Test
  void bytesWrappingRoundASmallRingComeOutInOrder() throws IOException {
    InputStream in = body.getContent();
    body.append(sequence(0, 10));
    assertReads(in, 0, 6);
    body.append(sequence(10, 4));
    assertReads(in, 6, 8);
    body.append(sequence(14, 10));
    assertReads(in, 14, 6);
    body.append(sequence(24, 4));
    body.append(sequence(28, 5));
    assertReads(in, 20, 13);
    body.end();
    assertEquals(-1, in.read());
  }

  @Test
  void piecesThatFitTheSmallRingNeverTakeTheClients() throws IOException {
    byte[] shared = rings.take();
    rings.give(shared);
    InputStream in = body.getContent();
    body.append(sequence(0, 10_000));
    assertReads(in, 0, 10_000);
    body.append(sequence(16, 10_000));
    assertReads(in, 16, 10_000);
    assertSame(shared, rings.take(), "not taken");
  }

  @Test
  void aPieceOfTheClientsRingSizeTakesTheClientsRing() throws IOException {
    byte[] shared = rings.take();
    rings.give(shared);
    body.append(sequence(0, ReceivedBody.SHARED_RING));
    assertNotSame(shared, rings.take(), "in use");
    assertReads(body.getContent(), 0, ReceivedBody.SHARED_RING);
  }

  /** Only if HttpCore ever delivered more past the window than the client's ring holds. */
  @Test
  void aBodyThatOutgrowsTheClientsRingGivesItBackAtOnce() throws IOException {
    byte[] shared = rings.take();
    rings.give(shared);
    body.append(sequence(0, ReceivedBody.OWN_RING + 1));
    body.append(sequence(ReceivedBody.OWN_RING + 1, ReceivedBody.SHARED_RING));
    assertSame(shared, rings.take(), "given back for the next answer");
    assertReads(body.getContent(), 0, ReceivedBody.OWN_RING + 1 + ReceivedBody.SHARED_RING);
  }

  /** Skips the rest on a thread of its own, then closes the body as an event stream does. */
  private Thread skippingThenClosing() {
    return started(() -> {
      body.skipRest(TimeUnit.SECONDS.toNanos(30));
      try {
        body.close();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  private void endsNow(Thread skipping) throws InterruptedException {
    awaitWaitingOrEnded(skipping);
    body.end();
    body.connectionReleased();
    skipping.join(TimeUnit.SECONDS.toMillis(10));
    assertFalse(skipping.isAlive());
  }

  @Test
  void aRestOfExactlyTheBoundIsWaitedFor() throws InterruptedException {
    body.append(bytes(ReceivedBody.MAX_SKIPPED, 1));
    endsNow(skippingThenClosing());
    assertEquals(0, discarded.get(), "the answer ended while its rest was skipped: its connection is kept");
  }

  @Test
  void aRestPastTheBoundIsNotWaitedForEvenIfTheEndComesSoon() throws InterruptedException {
    body.append(bytes(ReceivedBody.MAX_SKIPPED / 2 + 1, 1));
    body.append(bytes(ReceivedBody.MAX_SKIPPED / 2, 1));
    endsNow(skippingThenClosing());
    assertEquals(1, discarded.get(), "dropped at once");
  }

  @Test
  void anInterruptEndsTheWaitForTheRestAndIsKept() {
    Thread.currentThread().interrupt();
    try {
      body.skipRest(TimeUnit.SECONDS.toNanos(30));
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void aReaderAfterAWaitForTheRestIsStillWoken() throws Exception {
    body.skipRest(TimeUnit.MILLISECONDS.toNanos(1));
    CompletableFuture<Integer> read = waitingReader();
    body.append(ByteBuffer.wrap(new byte[] {42}));
    assertEquals(42, read.get(10, TimeUnit.SECONDS));
  }

  @Test
  void writeToCopiesTheWholeBody() throws IOException {
    body.append(bytes(20000, 3));
    body.end();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    body.writeTo(out);
    assertEquals(20000, out.size());
    assertEquals(3, out.toByteArray()[19999]);
  }
}
