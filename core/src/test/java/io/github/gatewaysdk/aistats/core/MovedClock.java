package io.github.gatewaysdk.aistats.core;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The system's clock, which a test moves forward at a chosen moment, as if that much time had passed there; or, made
 * by {@link #stoppedAt}, one that reads the same time until moved. Waits and timers are the system's.
 */
final class MovedClock implements Timing {
  private final AtomicLong skipped = new AtomicLong();
  private final boolean stopped;

  MovedClock() {
    this(false);
  }

  private MovedClock(boolean stopped) {
    this.stopped = stopped;
  }

  /** A clock that reads {@code nanos} until moved: time passing on the system's clock does not show on it. */
  static MovedClock stoppedAt(long nanos) {
    MovedClock clock = new MovedClock(true);
    clock.skipped.set(nanos);
    return clock;
  }

  void move(Duration by) {
    skipped.addAndGet(by.toNanos());
  }

  @Override
  public long nanoTime() {
    return (stopped ? 0 : System.nanoTime()) + skipped.get();
  }

  @Override
  public long currentTimeMillis() {
    return Timing.SYSTEM.currentTimeMillis();
  }

  @Override
  public void await(Object monitor, long millis, BooleanSupplier done) throws InterruptedException {
    Timing.SYSTEM.await(monitor, millis, done);
  }

  @Override
  public ScheduledFuture<?> schedule(ScheduledExecutorService timer, long millis, Runnable task) {
    return Timing.SYSTEM.schedule(timer, millis, task);
  }
}
