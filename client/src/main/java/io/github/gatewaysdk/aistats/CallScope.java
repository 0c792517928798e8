package io.github.gatewaysdk.aistats;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;

/**
 * One call's settings and state: its deadline, its retry policy and what the last attempt answered.
 *
 * <p>The deadline is enforced by the client's deadline thread, which checks every armed call every {@link
 * #CHECK_PERIOD_MILLIS} ms and discards the connection of one past its deadline: a read blocked on a silent or trickling
 * server then fails at once. It keeps doing so until the call ends, so it also catches an attempt that acquired a
 * connection just after the deadline passed. Polling a set of calls, rather than scheduling a task per call, keeps the
 * timer thread out of the hot path: a per-call task woke that thread on every call.
 */
final class CallScope implements AutoCloseable {
  static final long CHECK_PERIOD_MILLIS = 50;

  final long timeoutNanos;
  final long responseTimeoutMillis;
  /** Whether both timeouts are the client's own, not set for this call. */
  final boolean clientTimeouts;
  final int maxRetries;
  final boolean retryNonIdempotentFailures;
  private final Timing timing;
  private final long startNanos;
  private final Set<CallScope> armedCalls;
  private final ThreadLocal<CallScope> current;

  private volatile boolean deadlineExceeded;
  // Only the call's own thread touches these.
  private int attempts;
  private ClassicHttpResponse lastResponse;
  private ExecRuntime runtime;
  private boolean closed;

  CallScope(long timeoutNanos, long responseTimeoutMillis, boolean clientTimeouts, int maxRetries,
      boolean retryNonIdempotentFailures, Timing timing, Set<CallScope> armedCalls, ThreadLocal<CallScope> current) {
    this.timeoutNanos = timeoutNanos;
    this.responseTimeoutMillis = responseTimeoutMillis;
    this.clientTimeouts = clientTimeouts;
    this.maxRetries = maxRetries;
    this.retryNonIdempotentFailures = retryNonIdempotentFailures;
    this.timing = timing;
    this.armedCalls = armedCalls;
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

  /** Puts this call's exchange under the deadline thread's watch; later calls are no-ops. */
  void arm(ExecRuntime runtime) {
    synchronized (this) {
      if (this.runtime != null || closed) {
        return;
      }
      this.runtime = runtime;
    }
    // Outside the lock: hashing an object whose monitor is held inflates that monitor, on every call.
    armedCalls.add(this);
  }

  /**
   * Called by the deadline thread. Under this scope's lock, so close() returns only after a running abort has handed
   * the connection back to the pool (no connection looks leased after the call has ended).
   */
  synchronized void expireIfDue() {
    if (closed || runtime == null || remainingNanos() > 0) {
      return;
    }
    deadlineExceeded = true;
    runtime.discardEndpoint();
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
    lastResponse = response;
  }

  /** @return the status of the last answer, or -1 when none arrived */
  int lastStatus() {
    return lastResponse == null ? -1 : lastResponse.getCode();
  }

  Header[] lastHeaders() {
    return lastResponse == null ? new Header[0] : lastResponse.getHeaders();
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    armedCalls.remove(this);
    if (current != null && current.get() == this) {
      current.set(null); // cheaper than remove(), and the thread's next call sets it again
    }
  }
}
