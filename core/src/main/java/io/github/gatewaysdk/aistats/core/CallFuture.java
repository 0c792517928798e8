package io.github.gatewaysdk.aistats.core;

import java.util.concurrent.CompletableFuture;

/**
 * The future of an asynchronous call. Cancelling it ends the call: the exchange under way is aborted (the connection
 * is dropped, not reused) and no retry follows. Futures derived from it ({@code thenApply}, ...) do not reach back:
 * cancel this one.
 *
 * @param <R> the call's result
 */
final class CallFuture<R> extends CompletableFuture<R> {
  volatile CallState call;

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    CallState running = call;
    if (cancelled && running != null) {
      running.abort(CallState.Abort.CANCELLED);
    }
    return cancelled;
  }
}
