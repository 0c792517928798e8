package io.github.gatewaysdk.aistats.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Real monotonic time plus whatever was "slept": sleeping (or scheduling) records the delay and moves the clock, instantly. */
final class FakeTiming implements Timing {
  static final long WALL_START = 1_732_406_400_000L; // 2024-11-24T00:00:00Z

  final List<Long> sleeps = new CopyOnWriteArrayList<>();
  private final AtomicLong slept = new AtomicLong();
  private final boolean advance;

  /** @param advance whether sleeping moves the clock (false: retries cost no deadline, for the soak) */
  FakeTiming(boolean advance) {
    this.advance = advance;
  }

  FakeTiming() {
    this(true);
  }

  @Override
  public long nanoTime() {
    return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(slept.get());
  }

  @Override
  public long currentTimeMillis() {
    return WALL_START + slept.get();
  }

  @Override
  public ScheduledFuture<?> schedule(ScheduledExecutorService timer, long millis, Runnable task) {
    sleeps.add(millis);
    if (advance) {
      slept.addAndGet(millis);
    }
    return timer.schedule(task, 0, TimeUnit.MILLISECONDS);
  }

  @Override
  public void await(Object monitor, long millis, java.util.function.BooleanSupplier done) {
    sleeps.add(millis);
    if (advance) {
      slept.addAndGet(millis);
    }
  }
}
