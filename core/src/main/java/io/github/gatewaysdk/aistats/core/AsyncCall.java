package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import io.github.gatewaysdk.aistats.core.internal.Headers;
import io.github.gatewaysdk.aistats.core.internal.Redaction;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.hc.client5.http.async.AsyncExecRuntime;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.nio.entity.BasicAsyncEntityProducer;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * A call on the client's non-blocking I/O: each attempt is an exchange of HttpClient's async client, its interceptors
 * and the reading of its answer run on the call's executor, and a retry is scheduled on the client's timer, not slept.
 * The call's future completes once, on the executor: with the result, with the same exceptions the blocking form
 * throws, or cancelled by the caller, which aborts the exchange under way and any retry.
 */
final class AsyncCall<T> extends Call<T> {
  private final AsyncEngine engine;
  private final Executor executor;
  private final CallFuture<Object> future;
  private final Function<RawResponse<T>, ?> result;
  private volatile Future<?> current;
  private volatile HttpClientContext currentContext;
  private volatile ScheduledFuture<?> pendingRetry;
  /** The body of the answer being read, which an abort ends for a reader waiting on it. */
  private volatile ReceivedBody currentBody;
  /** The exchange's own failure, apart from one an interceptor threw; set before the attempt's answer completes. */
  private volatile Throwable transportFailure;

  @SuppressWarnings("unchecked")
  AsyncCall(ClientCore core, AsyncEngine engine, ApiRequest<T> request, RequestOptions options, Executor executor,
      CallFuture<?> future, Function<RawResponse<T>, ?> result, long startedNanos) {
    super(core, request, options, null, startedNanos);
    this.engine = engine;
    // Every task of the call, continuations included, goes through dispatch: an executor that refuses one (shut
    // down by its owner) must not leave the future pending.
    this.executor = task -> dispatch(executor, task);
    this.future = (CallFuture<Object>) future;
    this.result = result;
    future.call = this;
  }

  /** Starts the first attempt: on the caller's thread when no interceptor runs before the exchange. */
  void start() {
    try {
      prepare();
    } catch (RuntimeException e) {
      dispatch(() -> fail(e)); // a body that cannot be written: the future fails, on the executor like any other
      return;
    }
    if (core.interceptors.isEmpty()) {
      attempt(0);
    } else {
      dispatch(() -> attempt(0)); // interceptors never run on the caller's thread, which may not wait
    }
  }

  @Override
  void abort(Abort reason) {
    if (!markAborted(reason)) {
      return;
    }
    cancelExchange();
    ReceivedBody body = currentBody;
    if (body != null) {
      body.endedBy(new InterruptedIOException("the call was aborted"));
    }
    ScheduledFuture<?> retry = pendingRetry;
    if (retry != null) {
      retry.cancel(false);
    }
    dispatch(() -> fail(core.errors.aborted(this, null)));
  }

  private void attempt(int retries) {
    AttemptRequest attempt;
    try {
      attempt = nextAttempt(retries);
    } catch (RuntimeException e) {
      fail(e);
      return;
    }
    long started = core.timing.nanoTime();
    CompletionStage<AttemptResponse> chain;
    try {
      chain = proceed(0, attempt, executor);
    } catch (RuntimeException | Error e) {
      chain = failed(e);
    }
    chain.whenCompleteAsync((response, error) -> {
      try {
        if (error != null) {
          Throwable cause = unwrap(error);
          scheduleRetry(afterFailure(cause, cause == transportFailure, attempt, started, retries), retries + 1);
          return;
        }
        RawResponse<T> done = afterResponse(response, retries);
        if (done != null) {
          succeed(done);
        } else {
          scheduleRetry(retryDelay, retries + 1);
        }
      } catch (RuntimeException | Error e) {
        fail(e);
      }
    }, executor);
  }

  /**
   * Passes {@code request} to interceptor {@code index}, or after the last one to the network.
   *
   * @param continuation where the interceptors' stages after the exchange run: the call's executor, or a thread of
   *     it that waits for this part of the chain ({@link #onExecutor}) and runs them itself, so that no waiting
   *     thread depends on another task of the executor
   */
  private CompletionStage<AttemptResponse> proceed(int index, AttemptRequest request, Executor continuation) {
    List<Interceptor> interceptors = core.interceptors;
    if (index == interceptors.size()) {
      return send(request);
    }
    CompletionStage<AttemptResponse> answer =
        interceptors.get(index).interceptAsync(new Link(index, request, continuation));
    return answer != null ? answer : failed(new NullPointerException("an interceptor returned no future"));
  }

  /** One interceptor's view of the attempt. */
  final class Link implements Interceptor.AsyncChain {
    private final int index;
    private final AttemptRequest request;
    private final Executor continuation;

    Link(int index, AttemptRequest request, Executor continuation) {
      this.index = index;
      this.request = request;
      this.continuation = continuation;
    }

    @Override
    public AttemptRequest request() {
      return request;
    }

    /** The answer, completed on the executor, so that an interceptor's own stages never run on an I/O thread. */
    @Override
    public CompletionStage<AttemptResponse> proceed(AttemptRequest next) {
      return AsyncCall.this.proceed(index + 1, next, continuation)
          .whenCompleteAsync((response, error) -> { }, continuation);
    }

    AsyncCall<?> call() {
      return AsyncCall.this;
    }
  }

  /**
   * {@link Interceptor#intercept} for an asynchronous call: run on the call's executor, whose thread waits for the
   * rest of the chain; or on the waiting thread itself, when an interceptor before it already holds one.
   */
  static CompletionStage<AttemptResponse> onExecutor(Interceptor interceptor, Interceptor.AsyncChain chain) {
    AsyncCall<?>.Link link = (AsyncCall<?>.Link) chain;
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
            return waiting.await(link.call().proceed(link.index + 1, next, waiting).toCompletableFuture());
          }
        }));
      } catch (Throwable e) {
        answer.completeExceptionally(e);
      }
    };
    if (waiting == link.continuation) {
      intercept.run();
    } else {
      link.call().dispatch(intercept);
    }
    return answer;
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
        Throwable cause = unwrap(e);
        if (cause instanceof IOException) {
          throw (IOException) cause;
        }
        throw e;
      }
    }
  }

  private CompletableFuture<AttemptResponse> send(AttemptRequest attempt) {
    CompletableFuture<AttemptResponse> answer = new CompletableFuture<>();
    AtomicBoolean settled = new AtomicBoolean(); // HttpClient may report a failure after the answer: the first counts
    BasicHttpRequest message = new BasicHttpRequest(attempt.method(), attempt.uri());
    for (Map.Entry<String, String> header : attempt.rawHeaders().entrySet()) {
      message.addHeader(new ShownRedacted(header.getKey(), header.getValue(), attempt.sensitive));
    }
    HttpClientContext context = HttpClientContext.create();
    context.setRequestConfig(core.attemptConfig(this));
    SendGate.attach(context, this);
    currentContext = context;
    FutureCallback<AttemptResponse> done = new FutureCallback<AttemptResponse>() {
      @Override
      public void completed(AttemptResponse response) {
        if (settled.compareAndSet(false, true)) {
          answer.complete(response);
        }
      }

      @Override
      public void failed(Exception e) {
        if (!settled.compareAndSet(false, true)) {
          return;
        }
        Throwable failure = e instanceof TimeoutException ? poolTimeout((TimeoutException) e) : e;
        transportFailure = failure;
        answer.completeExceptionally(failure);
      }

      @Override
      public void cancelled() {
        failed(new CancellationException("the exchange was cancelled"));
      }
    };
    try {
      current = engine.http.execute(new BasicRequestProducer(message, producer(attempt.body, () -> aborted != null)),
          new Receiver(core.timing.nanoTime()), null, context, done);
    } catch (IOException | RuntimeException e) {
      done.failed(e);
    }
    if (aborted != null) {
      cancelExchange(); // an abort that came before this attempt's exchange existed
    }
    return answer;
  }

  /**
   * A request body for the non-blocking client: a form streamed as it is written (until {@code aborted}), other
   * bodies (JSON, small) from their bytes.
   */
  private static AsyncEntityProducer producer(HttpEntity body, BooleanSupplier aborted) throws IOException {
    if (body == null) {
      return null;
    }
    if (body instanceof MultipartForm) {
      return ((MultipartForm) body).producer(aborted);
    }
    return new BasicAsyncEntityProducer(EntityUtils.toByteArray(body),
        body.getContentType() == null ? null : ContentType.parse(body.getContentType()));
  }


  /** Cancels the exchange under way, and drops its connection if it has one. */
  private void cancelExchange() {
    Future<?> exchange = current;
    if (exchange != null) {
      exchange.cancel(true);
    }
    HttpClientContext context = currentContext;
    Object runtime = context == null ? null : context.getAttribute(AsyncEngine.EXCHANGE_RUNTIME);
    if (runtime instanceof AsyncExecRuntime) {
      ((AsyncExecRuntime) runtime).discardEndpoint();
    }
  }

  /** A lease from the async pool that timed out, as the blocking pool reports it. */
  private static IOException poolTimeout(TimeoutException e) {
    IOException timeout = new ConnectionRequestTimeoutException(e.getMessage());
    timeout.initCause(e);
    return timeout;
  }

  private void scheduleRetry(long delayMillis, int retryNumber) {
    Log.retry(delayMillis, retryReason, retryNumber, options.maxRetries());
    pendingRetry = core.timing.schedule(engine.timer, delayMillis, () -> dispatch(() -> attempt(retryNumber)));
    if (aborted != null) {
      pendingRetry.cancel(false); // abort() came before the retry was scheduled; it fails the future itself
    }
  }

  private void succeed(RawResponse<T> done) {
    core.deadlines.disarm(this);
    future.complete(result.apply(done));
  }

  private void fail(Throwable e) {
    core.deadlines.disarm(this);
    future.completeExceptionally(e);
  }

  /** Runs {@code task} on the call's executor. */
  private void dispatch(Runnable task) {
    executor.execute(task);
  }

  /** Runs {@code task} on {@code executor}; on the current thread only if the executor refuses it. */
  private static void dispatch(Executor executor, Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException refused) {
      task.run();
    }
  }

  private static <R> CompletableFuture<R> failed(Throwable e) {
    CompletableFuture<R> failed = new CompletableFuture<>();
    failed.completeExceptionally(e);
    return failed;
  }

  private static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /**
   * Receives one answer: status and headers, then its body ({@link ReceivedBody}). The answer is handed on once its
   * body has ended or fills the window, so a small answer is read without waiting and a large one is read as it comes,
   * by the reader on the call's executor, within the window.
   */
  private final class Receiver implements AsyncResponseConsumer<AttemptResponse> {
    private final long sentNanos;
    private FutureCallback<AttemptResponse> callback;
    private AttemptResponse response;
    private ReceivedBody body;

    Receiver(long sentNanos) {
      this.sentNanos = sentNanos;
    }

    @Override
    public void consumeResponse(HttpResponse answer, EntityDetails details, HttpContext context,
        FutureCallback<AttemptResponse> resultCallback) {
      callback = resultCallback;
      Duration elapsed = Duration.ofNanos(core.timing.nanoTime() - sentNanos);
      if (details != null) {
        body = new ReceivedBody(details.getContentType(), details.getContentEncoding(), AsyncCall.this::cancelExchange);
        currentBody = body;
      }
      response = new AttemptResponse(attempts, answer.getCode(), Headers.toMap(answer.getHeaders()), elapsed, body,
          body);
      if (details == null) {
        callback.completed(response);
      }
    }

    @Override
    public void informationResponse(HttpResponse answer, HttpContext context) {
      // 1xx answers carry nothing the call uses.
    }

    @Override
    public void updateCapacity(CapacityChannel capacity) throws IOException {
      body.updateCapacity(capacity);
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
      if (aborted != null) {
        // HttpClient's cancel does not reach an answer already being received: ending it here drops the connection.
        throw new InterruptedIOException("the call was aborted");
      }
      if (body.append(src)) {
        callback.completed(response); // the rest is read as it comes
      }
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) {
      body.end();
      callback.completed(response);
    }

    @Override
    public void failed(Exception cause) {
      if (response != null && body != null) {
        // The answer came but its body did not end well: reading the body reports why, as a stream's read would.
        body.endedBy(cause instanceof IOException ? (IOException) cause : new IOException(cause));
        callback.completed(response);
      }
    }

    @Override
    public void releaseResources() {
      // HttpClient calls this before failed(): the body keeps what it has until it is told how it ended.
    }
  }

  /** A header sent as is, shown redacted when HttpClient's own loggers print it (credentials, sensitive headers). */
  private static final class ShownRedacted extends BasicHeader {
    private static final long serialVersionUID = 1L;
    private final transient java.util.Set<String> sensitive;

    ShownRedacted(String name, String value, java.util.Set<String> sensitive) {
      super(name, value);
      this.sensitive = sensitive;
    }

    @Override
    public String toString() {
      return getName() + ": " + Redaction.headerValue(getName(), getValue(), sensitive);
    }
  }
}
