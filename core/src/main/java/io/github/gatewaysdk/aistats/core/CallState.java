package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import java.io.Closeable;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.hc.core5.concurrent.Cancellable;

/**
 * What the layers under a {@link Call} see of it: its request and options, its deadline and attempts, where its steps
 * run, and its abort. The interceptor chain, the transports, the deadline watcher, the error mapping and the call's
 * future are handed this, never the call itself, so that none of them reaches back into the steps above it.
 */
final class CallState {
  enum Abort { DEADLINE, CLOSED, INTERRUPTED, CANCELLED }

  private static final AtomicLong SEQUENCE = new AtomicLong();

  /** Orders calls with the same deadline in the deadline watcher. */
  final long seq = SEQUENCE.incrementAndGet();
  final ApiRequest<?> request;
  final RequestOptions options;
  /** The thread whose interrupt ends the call; null for an asynchronous call, which no thread waits for. */
  final Thread thread;
  /** Where the call's steps run: the caller's thread (blocking), or the call's executor. */
  final Executor executor;
  final long deadlineNanos;
  /** Whether a successful answer's body goes to the caller as it comes ({@link BodyReader#handsOn}). */
  final boolean handsOnBody;
  private final Timing timing;
  private final BooleanSupplier clientClosed;
  /** How an asynchronous call ends when aborted: no thread waits for it, so it fails at once. */
  private final Runnable failAborted;

  private volatile Abort aborted;
  /** What an abort must end now: the exchange under way, or the wait before a retry. */
  private volatile Cancellable running;
  /** The exchange's own failure, apart from one an interceptor threw; set before the attempt's answer completes. */
  private volatile Throwable transportFailure;
  /** The last answer's exchange, released when an interceptor fails the attempt after it. */
  private volatile Closeable lastExchange;
  private volatile int attempts;

  CallState(ApiRequest<?> request, RequestOptions options, Thread thread, Executor executor, long startedNanos,
      boolean handsOnBody, Timing timing, BooleanSupplier clientClosed, Runnable failAborted) {
    this.request = request;
    this.options = options;
    this.thread = thread;
    this.executor = executor;
    this.deadlineNanos = startedNanos + options.timeout().toNanos();
    this.handsOnBody = handsOnBody;
    this.timing = timing;
    this.clientClosed = clientClosed;
    this.failAborted = failAborted;
  }

  /** Ends the call from another thread: the exchange under way is cancelled, a wait ends. First reason wins. */
  void abort(Abort reason) {
    if (!markAborted(reason)) {
      return;
    }
    Cancellable current = running;
    if (current != null) {
      current.cancel();
    }
    if (thread == null) {
      executor.execute(failAborted);
    }
  }

  /** @return whether {@code reason} is the first abort; wakes a blocking wait before a retry */
  boolean markAborted(Abort reason) {
    synchronized (this) {
      if (aborted != null) {
        return false;
      }
      aborted = reason;
      notifyAll();
      return true;
    }
  }

  Abort aborted() {
    return aborted;
  }

  /** For transports: what an abort must end from now on; ended at once when the call was aborted already. */
  void running(Cancellable work) {
    running = work;
    if (aborted != null) {
      work.cancel();
    }
  }

  /** For transports: an answer arrived. */
  AttemptResponse received(AttemptResponse response) {
    lastExchange = response.exchange;
    return response;
  }

  /** For transports: the exchange itself failed. */
  <E extends Throwable> E exchangeFailed(E failure) {
    transportFailure = failure;
    return failure;
  }

  /** @return whether {@code failure} is the exchange's own, not something an interceptor threw */
  boolean isTransportFailure(Throwable failure) {
    return failure == transportFailure;
  }

  /** The last answer's exchange, for the call to release when an interceptor failed the attempt after it. */
  Closeable lastExchange() {
    return lastExchange;
  }

  /**
   * Whether an attempt of this call may still be sent: not aborted, its client not closing, its deadline ahead. A
   * closing client or a passed deadline aborts the call here, before the deadline watcher or close() reaches it.
   */
  boolean maySend() {
    if (aborted == null && clientClosed.getAsBoolean()) {
      abort(Abort.CLOSED);
    }
    if (aborted == null && remainingNanos() <= 0) {
      abort(Abort.DEADLINE);
    }
    return aborted == null;
  }

  /** Counts the attempt about to start; one thread at a time starts attempts. */
  int nextAttempt() {
    return ++attempts;
  }

  int attempts() {
    return attempts;
  }

  long remainingNanos() {
    return deadlineNanos - timing.nanoTime();
  }

  boolean hasTimeFor(long delayMillis) {
    return TimeUnit.MILLISECONDS.toNanos(delayMillis) < remainingNanos();
  }
}
