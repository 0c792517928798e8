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
 * executor ({@link #onExecutor}).
 */
final class InterceptorChain implements Interceptor.AsyncChain {
  private final Call<?> call;
  private final int index;
  private final AttemptRequest request;
  /**
   * Where the interceptors' stages after the exchange run: the call's executor, or a thread of it that waits for this
   * part of the chain ({@link #onExecutor}) and runs them itself, so that no waiting thread depends on another task.
   */
  private final Executor continuation;

  private InterceptorChain(Call<?> call, int index, AttemptRequest request, Executor continuation) {
    this.call = call;
    this.index = index;
    this.request = request;
    this.continuation = continuation;
  }

  /** Passes an attempt's request to the first interceptor, or with none to the transport. */
  static CompletionStage<AttemptResponse> start(Call<?> call, AttemptRequest request) {
    return proceed(call, 0, request, call.executor);
  }

  private static CompletionStage<AttemptResponse> proceed(Call<?> call, int index, AttemptRequest request,
      Executor continuation) {
    List<Interceptor> interceptors = call.engine.interceptors;
    if (index == interceptors.size()) {
      return call.send(request);
    }
    Interceptor interceptor = interceptors.get(index);
    CompletionStage<AttemptResponse> answer;
    if (call.thread != null) {
      try {
        answer = CompletableFuture.completedFuture(interceptor.intercept(new Blocking(call, index, request)));
      } catch (IOException | RuntimeException | Error e) {
        answer = failed(e);
      }
    } else {
      answer = interceptor.interceptAsync(new InterceptorChain(call, index, request, continuation));
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
    return proceed(call, index + 1, next, continuation).whenCompleteAsync((response, error) -> { }, continuation);
  }

  /**
   * {@link Interceptor#intercept} for an asynchronous call: run on the call's executor, whose thread waits for the
   * rest of the chain; or on the waiting thread itself, when an interceptor before it already holds one.
   */
  static CompletionStage<AttemptResponse> onExecutor(Interceptor interceptor, Interceptor.AsyncChain chain) {
    InterceptorChain link = (InterceptorChain) chain;
    WaitingThread waiting = link.continuation instanceof WaitingThread ? (WaitingThread) link.continuation
        : new WaitingThread();
    CompletableFuture<AttemptResponse> answer = new CompletableFuture<>();
    Runnable intercept = () -> {
      try {
        answer.complete(interceptor.intercept(new Interceptor.Chain() {
          @Override
          public AttemptRequest request() {
            return link.request;
          }

          @Override
          public AttemptResponse proceed(AttemptRequest next) throws IOException {
            return waiting.await(InterceptorChain.proceed(link.call, link.index + 1, next, waiting)
                .toCompletableFuture());
          }
        }));
      } catch (Throwable e) {
        answer.completeExceptionally(e);
      }
    };
    if (waiting == link.continuation) {
      intercept.run();
    } else {
      link.call.executor.execute(intercept);
    }
    return answer;
  }

  /** A blocking call's view of the chain: the rest of it runs on the caller's thread. */
  private static final class Blocking implements Interceptor.Chain {
    private final Call<?> call;
    private final int index;
    private final AttemptRequest request;

    Blocking(Call<?> call, int index, AttemptRequest request) {
      this.call = call;
      this.index = index;
      this.request = request;
    }

    @Override
    public AttemptRequest request() {
      return request;
    }

    @Override
    public AttemptResponse proceed(AttemptRequest next) throws IOException {
      CompletableFuture<AttemptResponse> answer = InterceptorChain.proceed(call, index + 1, next, call.executor)
          .toCompletableFuture();
      try {
        return answer.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for the answer");
      } catch (ExecutionException e) {
        throw rethrown(e.getCause());
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
        throw rethrown(Call.unwrap(e));
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

  private static <R> CompletableFuture<R> failed(Throwable e) {
    CompletableFuture<R> failed = new CompletableFuture<>();
    failed.completeExceptionally(e);
    return failed;
  }
}
