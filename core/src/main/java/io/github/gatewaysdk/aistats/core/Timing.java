package io.github.gatewaysdk.aistats.core;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Time as the retry loops see it; tests inject a fake whose waits advance its clock instead of waiting. */
interface Timing {
  Timing SYSTEM = new Timing() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public long currentTimeMillis() {
      return System.currentTimeMillis();
    }

    @Override
    public ScheduledFuture<?> schedule(ScheduledExecutorService timer, long millis, Runnable task) {
      return timer.schedule(task, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void await(Object monitor, long millis, BooleanSupplier done) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      for (long left; !done.getAsBoolean() && (left = end - System.nanoTime()) > 0; ) {
        TimeUnit.NANOSECONDS.timedWait(monitor, left);
      }
    }
  };

  /** Monotonic time, for deadlines. */
  long nanoTime();

  /** Wall-clock time, for Retry-After dates. */
  long currentTimeMillis();

  /**
   * Waits {@code millis} on {@code monitor}, whose lock the caller holds, or until {@code done} holds when the
   * monitor is notified.
   *
   * @throws InterruptedException when the thread is interrupted
   */
  void await(Object monitor, long millis, BooleanSupplier done) throws InterruptedException;

  /** Runs {@code task} on {@code timer} after {@code millis}: an asynchronous call's wait before a retry. */
  ScheduledFuture<?> schedule(ScheduledExecutorService timer, long millis, Runnable task);
}
