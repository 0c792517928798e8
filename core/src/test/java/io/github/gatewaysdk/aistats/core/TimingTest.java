package io.github.gatewaysdk.aistats.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The system's {@link Timing}: its clocks are the system's, a wait lasts its time unless its condition holds when the
 * monitor is notified, a scheduled task runs after its delay. Bounds are lower bounds of time passed, and the
 * preemptive limits are far above them, so a busy machine cannot fail these.
 */
class TimingTest {
  private final Timing timing = Timing.SYSTEM;

  @Test
  void theClocksAreTheSystems() {
    long before = System.nanoTime();
    long nanos = timing.nanoTime();
    assertTrue(nanos >= before && nanos <= System.nanoTime());
    long wallBefore = System.currentTimeMillis();
    long millis = timing.currentTimeMillis();
    assertTrue(millis >= wallBefore && millis <= System.currentTimeMillis());
  }

  @Test
  void aWaitWhoseConditionNeverHoldsLastsItsTime() throws Exception {
    Object monitor = new Object();
    long started = System.nanoTime();
    synchronized (monitor) {
      timing.await(monitor, 50, () -> false);
    }
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) >= 50);
  }

  @Test
  void aWaitEndsOnceItsConditionHoldsAndChecksItFirst() {
    Object monitor = new Object();
    AtomicInteger checks = new AtomicInteger();
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      synchronized (monitor) {
        timing.await(monitor, TimeUnit.MINUTES.toMillis(10), () -> checks.incrementAndGet() > 0);
      }
    });
    assertEquals(1, checks.get(), "a condition that holds already: no wait at all");

    AtomicBoolean done = new AtomicBoolean();
    Thread notifier = new Thread(() -> {
      synchronized (monitor) {
        done.set(true);
        monitor.notifyAll();
      }
    });
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      synchronized (monitor) {
        notifier.start(); // can take the monitor only once the wait below released it
        timing.await(monitor, TimeUnit.MINUTES.toMillis(10), done::get);
      }
    });
    assertTrue(done.get());
  }

  @Test
  void aScheduledTaskRunsAfterItsDelay() throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      CountDownLatch ran = new CountDownLatch(1);
      long started = System.nanoTime();
      ScheduledFuture<?> future = timing.schedule(timer, 50, ran::countDown);
      assertTrue(future.getDelay(TimeUnit.MILLISECONDS) <= 50);
      assertTrue(ran.await(5, TimeUnit.SECONDS));
      assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) >= 50);
    } finally {
      timer.shutdownNow();
    }
  }
}
