package io.github.gatewaysdk.aistats.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The deadline watcher on its own, with asynchronous calls (no thread to look at for interrupts), so that it wakes
 * only for a deadline or a call that needs one sooner than it sleeps towards.
 */
class DeadlinesTest {
  private static final Duration FAR = Duration.ofHours(1);
  private static final Duration NEAR = Duration.ofMillis(50);
  private static final ApiRequest<byte[]> REQUEST = ApiRequest.builder("GET", "/models", ResponseType.bytes("*/*"))
      .build();

  private Deadlines deadlines;

  @AfterEach
  void stop() {
    if (deadlines != null) {
      deadlines.close();
    }
  }

  @Test
  void aCallArmedWhileTheWatcherWaitsForCallsIsAbortedAtItsDeadline() {
    deadlines = new Deadlines(Timing.SYSTEM);
    awaitState(Thread.State.WAITING, "the watcher waits for a call");
    CallState call = call(Timing.SYSTEM.nanoTime(), NEAR);
    assertTrue(deadlines.arm(call));
    await(() -> call.aborted() == CallState.Abort.DEADLINE, "the call is aborted at its deadline");
  }

  /** The watcher sleeps towards an hour away; a call due sooner must wake it. */
  @Test
  void aCallDueSoonerThanTheWatcherSleepsTowardsWakesIt() {
    deadlines = new Deadlines(Timing.SYSTEM);
    CallState far = call(Timing.SYSTEM.nanoTime(), FAR);
    assertTrue(deadlines.arm(far));
    awaitState(Thread.State.TIMED_WAITING, "the watcher sleeps towards the far deadline");
    CallState near = call(Timing.SYSTEM.nanoTime(), NEAR);
    assertTrue(deadlines.arm(near));
    await(() -> near.aborted() == CallState.Abort.DEADLINE, "the near call is aborted at its deadline");
    assertNull(far.aborted());
  }

  @Test
  void aCallMadeLaterWithAnEarlierDeadlineIsAbortedFirst() {
    deadlines = new Deadlines(Timing.SYSTEM);
    CallState far = call(Timing.SYSTEM.nanoTime(), FAR);
    CallState near = call(Timing.SYSTEM.nanoTime(), NEAR);
    assertTrue(deadlines.arm(far));
    assertTrue(deadlines.arm(near));
    await(() -> near.aborted() == CallState.Abort.DEADLINE, "the near call is aborted at its deadline");
    assertNull(far.aborted());
  }

  @Test
  void callsWithTheSameDeadlineAreAllAborted() {
    deadlines = new Deadlines(Timing.SYSTEM);
    long started = Timing.SYSTEM.nanoTime();
    CallState first = call(started, NEAR);
    CallState second = call(started, NEAR);
    assertTrue(deadlines.arm(first));
    assertTrue(deadlines.arm(second));
    await(() -> first.aborted() == CallState.Abort.DEADLINE, "the first call is aborted at its deadline");
    await(() -> second.aborted() == CallState.Abort.DEADLINE, "the second call is aborted at its deadline");
  }

  /** On a clock that stands still, a deadline that is exactly now has been reached. */
  @Test
  void aDeadlineThatIsNowIsPassed() {
    Timing stopped = MovedClock.stoppedAt(1_000_000_000L);
    deadlines = new Deadlines(stopped);
    CallState call = call(stopped.nanoTime() - NEAR.toNanos(), NEAR);
    assertTrue(deadlines.arm(call));
    await(() -> call.aborted() == CallState.Abort.DEADLINE, "the call is aborted at its deadline");
  }

  @Test
  void closingAbortsTheCallsInFlightAndRefusesNewOnes() {
    deadlines = new Deadlines(Timing.SYSTEM);
    CallState inFlight = call(Timing.SYSTEM.nanoTime(), FAR);
    CallState disarmed = call(Timing.SYSTEM.nanoTime(), FAR);
    assertTrue(deadlines.arm(inFlight));
    assertTrue(deadlines.arm(disarmed));
    deadlines.disarm(disarmed);
    deadlines.close();
    assertEquals(CallState.Abort.CLOSED, inFlight.aborted());
    assertNull(disarmed.aborted());
    CallState late = call(Timing.SYSTEM.nanoTime(), FAR);
    assertFalse(deadlines.arm(late));
    assertNull(late.aborted());
  }

  private static CallState call(long startedNanos, Duration timeout) {
    return new CallState(REQUEST, RequestOptions.builder().timeout(timeout).build(), null, Runnable::run,
        startedNanos, false, Timing.SYSTEM, () -> false, () -> { });
  }

  private void awaitState(Thread.State state, String what) {
    await(() -> deadlines.thread.getState() == state, what);
  }

  private static void await(BooleanSupplier condition, String what) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean() && System.nanoTime() < end) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
    assertTrue(condition.getAsBoolean(), what);
  }
}
