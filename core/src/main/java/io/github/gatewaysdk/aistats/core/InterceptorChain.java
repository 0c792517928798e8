package io.github.gatewaysdk.aistats.core;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The one interceptor chain of both forms of a call: each attempt passes through the client's interceptors in order,
 * then to the call's transport. A blocking call runs each interceptor's {@link Interceptor#intercept} on its thread;
 * an asynchronous call its {@link Interceptor#interceptAsync}, whose default runs {@code intercept} on the call's
 * executor ({@link #runOnExecutor}).
 */
final class InterceptorChain implements Interceptor.AsyncChain, BlockingOnExecutor {
  /** What every attempt of the call passes through: the interceptors, then the transport. */
  private final Route route;
  private final int index;
  private final AttemptRequest request;
  /**
   * Where the interceptors' stages after the exchange run: the call's executor, or a thread of it that waits for this
   * part of the chain ({@link #runOnExecutor}) and runs them itself, so that no waiting thread depends on another
   * task.
   */
  private final Executor continuation;

  private InterceptorChain(Route route, int index, AttemptRequest request, Executor continuation) {
    this.route = route;
    this.index = index;
    this.request = request;
    this.continuation = continuation;
  }

  /** Passes an attempt's request of {@code call} to the first interceptor, or with none to the transport. */
  static CompletionStage<AttemptResponse> start(List<Interceptor> interceptors, Transport transport, CallState call,
      AttemptRequest request) {
    return proceed(new Route(interceptors, transport, call), 0, request, call.executor);
  }

  private static CompletionStage<AttemptResponse> proceed(Route route, int index, AttemptRequest request,
      Executor continuation) {
    if (index == route.interceptors.size()) {
      return route.transport.send(route.call, request);
    }
    Interceptor interceptor = route.interceptors.get(index);
    CompletionStage<AttemptResponse> answer;
    if (route.call.thread != null) {
      try {
        answer = CompletableFuture.completedFuture(interceptor.intercept(new Blocking(route, index, request)));
      } catch (IOException | RuntimeException | Error e) {
        answer = failed(e);
      }
    } else {
      answer = interceptor.interceptAsync(new InterceptorChain(route, index, request, continuation));
    }
    return answer != null ? answer : failed(new NullPointerException("an interceptor returned no future"));
  }

  @Override
  public AttemptRequest request() {
    return request;
  }

  /** The answer, completed on the executor, so that an interceptor's own stages never run on an I/O thread. */
  @Override
  public CompletionStage<AttemptResponse> proceed(AttemptRequest next) {
    return proceed(route, index + 1, next, continuation).whenCompleteAsync((response, error) -> { }, continuation);
  }

  /**
   * A blocking interceptor's step for an asynchronous call: run on the call's executor, whose thread waits for the
   * rest of the chain; or on the waiting thread itself, when an interceptor before it already holds one.
   */
  @Override
  public CompletionStage<AttemptResponse> runOnExecutor(Step step) {
    WaitingThread waiting = continuation instanceof WaitingThread ? (WaitingThread) continuation : new WaitingThread();
    CompletableFuture<AttemptResponse> answer = new CompletableFuture<>();
    Runnable intercept = () -> {
      try {
        answer.complete(step.run(next -> waiting.await(
            proceed(route, index + 1, next, waiting).toCompletableFuture())));
      } catch (Throwable e) {
        answer.completeExceptionally(e);
      }
    };
    if (waiting == continuation) {
      intercept.run();
    } else {
      route.call.executor.execute(intercept);
    }
    return answer;
  }

  /** What every attempt of one call passes through. */
  private static final class Route {
    final List<Interceptor> interceptors;
    final Transport transport;
    final CallState call;

    Route(List<Interceptor> interceptors, Transport transport, CallState call) {
      this.interceptors = interceptors;
      this.transport = transport;
      this.call = call;
    }
  }

  /** A blocking call's view of the chain: the rest of it runs on the caller's thread. */
  private static final class Blocking implements Interceptor.Chain {
    private final Route route;
    private final int index;
    private final AttemptRequest request;

    Blocking(Route route, int index, AttemptRequest request) {
      this.route = route;
      this.index = index;
      this.request = request;
    }

    @Override
    public AttemptRequest request() {
      return request;
    }

    @Override
    public AttemptResponse proceed(AttemptRequest next) throws IOException {
      CompletableFuture<AttemptResponse> answer = InterceptorChain.proceed(route, index + 1, next,
          route.call.executor).toCompletableFuture();
      try {
        return answer.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for the answer");
      } catch (ExecutionException e) {
        throw rethrown(unwrap(e.getCause()));
      }
    }
  }

  /** A thread of the executor that waits for the rest of its chain, and meanwhile runs that chain's stages. */
  private static final class WaitingThread implements Executor {
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    AttemptResponse await(CompletableFuture<AttemptResponse> answer) throws IOException {
      answer.whenComplete((response, error) -> tasks.add(() -> { })); // wakes the wait below
      try {
        while (!answer.isDone()) {
          tasks.take().run();
        }
        return answer.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for the answer");
      } catch (CompletionException e) {
        throw rethrown(unwrap(e));
      }
    }
  }

  /** What the rest of the chain failed with, as {@link Interceptor.Chain#proceed} throws it. */
  private static IOException rethrown(Throwable cause) {
    if (cause instanceof IOException) {
      return (IOException) cause;
    }
    if (cause instanceof RuntimeException) {
      throw (RuntimeException) cause;
    }
    if (cause instanceof Error) {
      throw (Error) cause;
    }
    return new IOException(cause);
  }

  /** What a stage failed with, under the {@link CompletionException}s that carried it. */
  static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  private static <R> CompletableFuture<R> failed(Throwable e) {
    CompletableFuture<R> failed = new CompletableFuture<>();
    failed.completeExceptionally(e);
    return failed;
  }
}
