package io.github.gatewaysdk.aistats;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;

/**
 * One call's settings and state: its deadline, its retry policy and what the last attempt answered.
 *
 * <p>The deadline is enforced by a timer task that discards the exchange's connection, which makes a read blocked on a
 * silent or trickling server fail at once. The task repeats until the call ends, so it also catches an attempt that
 * acquired a connection just after the deadline passed.
 */
final class CallScope implements AutoCloseable {
  private static final long ABORT_REPEAT_MILLIS = 50;

  final long timeoutNanos;
  final long responseTimeoutMillis;
  final int maxRetries;
  final boolean retryNonIdempotentFailures;
  private final Timing timing;
  private final long startNanos;
  private final ScheduledExecutorService timer;
  private final ThreadLocal<CallScope> current;

  private volatile boolean deadlineExceeded;
  private volatile int attempts;
  private volatile int lastStatus = -1;
  private volatile Header[] lastHeaders = new Header[0];
  private ScheduledFuture<?> abort;
  private boolean closed;

  CallScope(long timeoutNanos, long responseTimeoutMillis, int maxRetries, boolean retryNonIdempotentFailures,
      Timing timing, ScheduledExecutorService timer, ThreadLocal<CallScope> current) {
    this.timeoutNanos = timeoutNanos;
    this.responseTimeoutMillis = responseTimeoutMillis;
    this.maxRetries = maxRetries;
    this.retryNonIdempotentFailures = retryNonIdempotentFailures;
    this.timing = timing;
    this.timer = timer;
    this.current = current;
    this.startNanos = timing.nanoTime();
    if (current != null) {
      current.set(this);
    }
  }

  RetryPolicy retryPolicy(boolean idempotent) {
    return new RetryPolicy(maxRetries, idempotent || retryNonIdempotentFailures);
  }

  long remainingNanos() {
    return timeoutNanos - (timing.nanoTime() - startNanos);
  }

  /** Whether waiting {@code delayMillis} still leaves time for another attempt. */
  boolean hasTimeFor(long delayMillis) {
    return TimeUnit.MILLISECONDS.toNanos(delayMillis) < remainingNanos();
  }

  /** Starts the deadline timer of this call's exchange; later calls are no-ops. */
  synchronized void arm(ExecRuntime runtime) {
    if (abort != null || closed) {
      return;
    }
    // Under this scope's lock, so close() returns only after a running abort has handed the
    // connection back to the pool (no connection looks leased after the call has ended).
    Runnable expire = () -> {
      synchronized (this) {
        if (closed) {
          return;
        }
        deadlineExceeded = true;
        runtime.discardEndpoint();
      }
    };
    try {
      abort = timer.scheduleWithFixedDelay(expire, Math.max(0, remainingNanos()),
          TimeUnit.MILLISECONDS.toNanos(ABORT_REPEAT_MILLIS), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException clientClosed) {
      throw new IllegalStateException("the AiStatsClient is closed", clientClosed);
    }
  }

  boolean deadlineExceeded() {
    return deadlineExceeded || remainingNanos() <= 0;
  }

  void attemptStarted() {
    attempts++;
  }

  int attempts() {
    return attempts;
  }

  void recordResponse(ClassicHttpResponse response) {
    lastStatus = response.getCode();
    lastHeaders = response.getHeaders();
  }

  /** @return the status of the last answer, or -1 when none arrived */
  int lastStatus() {
    return lastStatus;
  }

  Header[] lastHeaders() {
    return lastHeaders;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (abort != null) {
      abort.cancel(false);
    }
    if (current != null && current.get() == this) {
      current.remove();
    }
  }
}
