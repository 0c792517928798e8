package io.github.gatewaysdk.aistats.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Watches the calls in flight, blocking and asynchronous: aborts one when its deadline passes, and a blocking one whose
 * thread was interrupted (a blocking socket read does not notice an interrupt by itself). One daemon thread per
 * client. It sleeps until the earliest deadline, and is woken only when a call arrives with an earlier one than it is
 * sleeping towards: calls with the same timeout arrive in deadline order, so a busy client costs it no wake-up per
 * call. While blocking calls are in flight it also wakes every {@link #INTERRUPT_CHECK_MILLIS} ms to look for
 * interrupts; with none in flight it sleeps until a call comes.
 */
final class Deadlines {
  static final long INTERRUPT_CHECK_MILLIS = 20;
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Timing timing;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final TreeSet<CallState> armed = new TreeSet<>(
      Comparator.<CallState>comparingLong(call -> call.deadlineNanos).thenComparingLong(call -> call.seq));
  final Thread thread;
  /** When the watcher will next wake, on the timing's clock, unless it sleeps until signalled; guarded by the lock. */
  private long wakeAt;
  private boolean sleepingUntilSignalled = true;
  private boolean closed;

  Deadlines(Timing timing) {
    this.timing = timing;
    thread = new Thread(this::watch, "ai-stats-deadlines-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    thread.start();
  }

  /** @return false when the client is closed, and the call must not start */
  boolean arm(CallState call) {
    lock.lock();
    try {
      if (closed) {
        return false;
      }
      armed.add(call);
      if (sleepingUntilSignalled || call.deadlineNanos - wakeAt < 0) {
        changed.signal();
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  void disarm(CallState call) {
    lock.lock();
    try {
      armed.remove(call);
    } finally {
      lock.unlock();
    }
  }

  /** Aborts every call in flight and stops the thread; returns once the aborts are made. */
  void close() {
    List<CallState> inFlight;
    lock.lock();
    try {
      closed = true;
      inFlight = new ArrayList<>(armed);
      armed.clear();
      changed.signal();
    } finally {
      lock.unlock();
    }
    for (CallState call : inFlight) {
      call.abort(CallState.Abort.CLOSED);
    }
  }

  private void watch() {
    lock.lock();
    try {
      while (!closed) {
        long now = timing.nanoTime();
        List<CallState> due = new ArrayList<>();
        while (!armed.isEmpty() && armed.first().deadlineNanos - now <= 0) {
          due.add(armed.pollFirst());
        }
        for (CallState call : due) {
          call.abort(CallState.Abort.DEADLINE);
        }
        boolean blocking = false;
        for (CallState call : armed) {
          if (call.thread != null) {
            blocking = true;
            if (call.thread.isInterrupted()) {
              call.abort(CallState.Abort.INTERRUPTED);
            }
          }
        }
        if (armed.isEmpty()) {
          sleepingUntilSignalled = true;
          changed.await();
        } else {
          long next = armed.first().deadlineNanos - now;
          if (blocking) {
            next = Math.min(next, TimeUnit.MILLISECONDS.toNanos(INTERRUPT_CHECK_MILLIS));
          }
          sleepingUntilSignalled = false;
          wakeAt = now + next;
          changed.awaitNanos(next);
        }
      }
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }
}
