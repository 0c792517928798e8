package io.github.gatewaysdk.aistats.core;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/** The system's clock, which a test moves forward at a chosen moment, as if that much time had passed there. */
final class MovedClock implements Timing {
  private final AtomicLong skipped = new AtomicLong();

  void move(Duration by) {
    skipped.addAndGet(by.toNanos());
  }

  @Override
  public long nanoTime() {
    return System.nanoTime() + skipped.get();
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
