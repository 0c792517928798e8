package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.ApiCore;
import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import io.github.gatewaysdk.aistats.core.internal.Bodies;
import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import io.github.gatewaysdk.aistats.errors.AiStatsException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * One call, in either form: its attempts, from the body written once to the parsed answer. The steps are the same for
 * both forms: each attempt through the interceptors ({@link InterceptorChain}) to the call's {@link Transport}, the
 * retry decision and the wait before a retry within the deadline, the reading of the answer ({@link BodyReader}) and
 * the typed errors ({@link ErrorMapper}). What differs is the transport and where the steps run: a blocking call's on
 * the caller's thread, each stage complete when it returns; an asynchronous call's on its executor. Everything the
 * call needs is handed to it ({@link Engine}); what the layers under it see of it is its {@link CallState}, through
 * which the deadline watcher and the client's close abort it.
 */
final class Call<T> {
  private static final Executor CALLER = Runnable::run;

  final CallState state;
  private final ApiRequest<T> request;
  private final RequestOptions options;
  private final Engine engine;
  private final Transport transport;
  /** Where the call's steps run: the caller's thread (blocking), or the call's executor. */
  private final Executor executor;
  /** Completed once, with the call's result in the shape the caller asked for, or its exception. */
  private final CompletableFuture<Object> outcome;
  private final Function<RawResponse<T>, ?> shape;

  // One thread at a time touches these: the caller's, or the asynchronous call's tasks, one after the other.
  /** The wait before the next attempt, and why, when {@link #afterResponse} decided to retry. */
  private long retryDelay;
  private String retryReason;
  private HttpEntity body;
  private URI uri;
  private RetryPolicy policy;
  private boolean repeatable;
  /** Whether the answer's body was handed on to the caller ({@link BodyReader#handsOn}), who ends the call. */
  private boolean handedOn;

  @SuppressWarnings("unchecked")
  private Call(Engine engine, Transport transport, ApiRequest<T> request, RequestOptions options, Thread thread,
      Executor executor, CompletableFuture<?> outcome, Function<RawResponse<T>, ?> shape, long startedNanos) {
    this.engine = engine;
    this.transport = transport;
    this.request = request;
    this.options = options;
    this.executor = executor;
    this.outcome = (CompletableFuture<Object>) outcome;
    this.shape = shape;
    this.state = new CallState(request, options, thread, executor, startedNanos,
        engine.readerOf(request.responseType()).handsOn(), engine.timing, engine::isClosed, this::failAborted);
  }

  /** A call whose every step runs on the calling thread. */
  static <T> Call<T> blocking(Engine engine, Transport transport, ApiRequest<T> request, RequestOptions options) {
    return new Call<>(engine, transport, request, options, Thread.currentThread(), CALLER, new CompletableFuture<>(),
        raw -> raw, engine.timing.nanoTime());
  }

  /**
   * A call whose steps run on {@code executor}, completing {@code future} with {@code shape} of its answer.
   *
   * @param startedNanos when the caller called, on the engine's clock: the deadline counts from there
   */
  static <T> Call<T> async(Engine engine, Transport transport, ApiRequest<T> request, RequestOptions options,
      Executor executor, CallFuture<?> future, Function<RawResponse<T>, ?> shape, long startedNanos) {
    // Every task of the call, continuations included, goes through dispatch: an executor that refuses one (shut
    // down by its owner) must not leave the future pending.
    Call<T> call = new Call<>(engine, transport, request, options, null, task -> dispatch(executor, task), future,
        shape, startedNanos);
    future.call = call.state;
    return call;
  }

  /**
   * Runs a blocking call to its end.
   *
   * @throws io.github.gatewaysdk.aistats.errors.AiStatsException on any failure of the call
   */
  @SuppressWarnings("unchecked")
  RawResponse<T> run() {
    start();
    try {
      return (RawResponse<T>) outcome.join(); // settled: each of its steps ran on this thread
    } catch (CompletionException e) {
      Throwable cause = InterceptorChain.unwrap(e);
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw cause instanceof RuntimeException ? (RuntimeException) cause : e;
    }
  }

  /** Starts the first attempt: on the caller's thread, unless interceptors of an asynchronous call run first. */
  void start() {
    try {
      prepare();
    } catch (RuntimeException e) {
      executor.execute(() -> fail(e)); // a body that cannot be written: fails like any other step
      return;
    }
    if (state.thread != null || engine.interceptors.isEmpty()) {
      attempt(0);
    } else {
      executor.execute(() -> attempt(0)); // interceptors never run on an asynchronous caller's thread
    }
  }

  private void attempt(int retries) {
    AttemptRequest attempt;
    try {
      attempt = nextAttempt(retries);
    } catch (RuntimeException e) {
      fail(e);
      return;
    }
    long started = engine.timing.nanoTime();
    CompletionStage<AttemptResponse> chain;
    try {
      chain = InterceptorChain.start(engine.interceptors, transport, state, attempt);
    } catch (RuntimeException | Error e) {
      CompletableFuture<AttemptResponse> failed = new CompletableFuture<>();
      failed.completeExceptionally(e);
      chain = failed;
    }
    chain.whenCompleteAsync((response, error) -> {
      try {
        if (error != null) {
          Throwable cause = InterceptorChain.unwrap(error);
          closeQuietly(state.lastExchange()); // an interceptor may have failed the attempt after its answer came
          retryAfter(afterFailure(cause, state.isTransportFailure(cause), attempt, started, retries), retries + 1);
          return;
        }
        RawResponse<T> done = afterResponse(response, retries);
        if (done != null) {
          succeed(done);
        } else {
          retryAfter(retryDelay, retries + 1);
        }
      } catch (RuntimeException | Error e) {
        fail(e);
      }
    }, executor);
  }

  /** Waits before the next attempt, within the deadline; an abort ends the wait, and the next attempt fails typed. */
  private void retryAfter(long delayMillis, int retryNumber) {
    Log.retry(delayMillis, retryReason, retryNumber, options.maxRetries());
    transport.pause(state, delayMillis).whenCompleteAsync((waited, error) -> attempt(retryNumber), executor);
  }

  private void succeed(RawResponse<T> done) {
    if (!handedOn) {
      engine.deadlines.disarm(state); // else the caller's reading of the body is still the call's
    }
    closeQuietly(body); // a stream part not sent is closed once the call ended
    outcome.complete(shape.apply(done));
  }

  /** An asynchronous call's end when aborted: no thread waits for it, so it fails at once. */
  private void failAborted() {
    fail(engine.errors.aborted(state, null));
  }

  private void fail(Throwable e) {
    engine.deadlines.disarm(state);
    closeQuietly(body);
    outcome.completeExceptionally(e);
  }

  /** Builds the body and settles the retry rules; throws {@link IllegalArgumentException} for an unwritable body. */
  private void prepare() {
    ApiRequest<T> sent = request.withExtras(options.extraBodyProperties(), options.extraQueryParams());
    body = engine.entityOf(sent);
    uri = engine.uriOf(sent);
    policy = new RetryPolicy(options.maxRetries(), request.idempotent() || options.retryNonIdempotentFailures());
    repeatable = body == null || body.isRepeatable();
  }

  /**
   * The request of the next attempt, logged.
   *
   * @throws io.github.gatewaysdk.aistats.errors.AiStatsException when the call was aborted or its deadline passed
   */
  private AttemptRequest nextAttempt(int retries) {
    if (state.aborted() == null && state.remainingNanos() <= 0) {
      state.abort(CallState.Abort.DEADLINE);
    }
    if (state.aborted() != null) {
      throw engine.errors.aborted(state, null);
    }
    AttemptRequest attempt = new AttemptRequest(request.operation(), state.nextAttempt(), request.method(), uri,
        headers(retries), options.sensitiveHeaders(), body);
    Log.request(attempt);
    return attempt;
  }

  /**
   * After an attempt whose chain failed: the wait before the next attempt.
   *
   * @param transportFailure whether {@code e} came from the exchange (else an interceptor threw it)
   * @throws io.github.gatewaysdk.aistats.errors.AiStatsException when the call ends with this failure
   */
  private long afterFailure(Throwable e, boolean transportFailure, AttemptRequest attempt, long startedNanos,
      int retries) {
    if (state.aborted() != null) {
      throw engine.errors.aborted(state, e);
    }
    if (e instanceof Error) {
      throw (Error) e; // as from the body's reading: the JVM's failures reach the caller as they are
    }
    if (!transportFailure) {
      throw new AiStatsException(request.operation() + " failed: an interceptor threw " + e, e);
    }
    Log.failure(attempt, millisSince(startedNanos), e);
    long delay = RetryPolicy.backoffMillis(retries + 1, engine.random.getAsDouble());
    if (!(e instanceof IOException) || !repeatable || !policy.canRetry(retries)
        || !policy.retriesException((IOException) e) || !state.hasTimeFor(delay)) {
      throw engine.errors.fromFailure(e, state);
    }
    retryReason = e.getClass().getSimpleName();
    return delay;
  }

  /**
   * After an answer: the call's result, or null when it is retried after {@link #retryDelay}.
   *
   * @throws io.github.gatewaysdk.aistats.errors.AiStatsException when the call ends with this answer's error
   */
  private RawResponse<T> afterResponse(AttemptResponse response, int retries) {
    if (response == null) {
      throw new AiStatsException(request.operation() + " failed: an interceptor returned no response");
    }
    Log.response(response);
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return readSuccess(response);
    }
    String errorBody = readErrorBody(response);
    if (repeatable && policy.canRetry(retries) && policy.retriesStatus(status)) {
      long delay = RetryPolicy.retryAfterMillis(response.header("Retry-After"), engine.timing.currentTimeMillis());
      if (delay < 0) {
        delay = RetryPolicy.backoffMillis(retries + 1, engine.random.getAsDouble());
      }
      // Checked after the body was read: reading it may have taken time the wait no longer has.
      if (state.hasTimeFor(delay)) {
        retryDelay = delay;
        retryReason = "status " + status;
        return null;
      }
    }
    throw engine.errors.fromStatus(response, errorBody, state);
  }

  private Map<String, String> headers(int retries) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", request.responseType().accept());
    headers.put("Accept-Encoding", ContentCoding.ACCEPT_ENCODING);
    if (request.authenticated()) {
      headers.put("Authorization", engine.bearer);
    }
    headers.putAll(request.headers());
    for (Map.Entry<String, String> header : options.headers().entrySet()) {
      headers.keySet().removeIf(name -> name.equalsIgnoreCase(header.getKey()));
      headers.put(header.getKey(), header.getValue());
    }
    if (retries > 0) {
      headers.put(ApiCore.RETRY_COUNT_HEADER, Integer.toString(retries));
    }
    return headers;
  }

  @SuppressWarnings("unchecked")
  private RawResponse<T> readSuccess(AttemptResponse response) {
    HttpEntity entity = response.entity;
    ResponseType<T> type = request.responseType();
    BodyReader reader = engine.readerOf(type);
    String contentType = entity == null ? null : entity.getContentType();
    try {
      String expected = reader.refusal(type, contentType);
      if (expected != null) {
        String snippet = Bodies.prefix(entity.getContent(), ErrorMapper.SNIPPET_BYTES).text;
        throw engine.errors.malformed(state, response, "expected " + expected + " but got " + contentType
            + (snippet.trim().isEmpty() ? "" : ": " + ErrorMapper.clip(snippet)), snippet, null);
      }
      if (reader.handsOn()) {
        T handed = (T) reader.read(type, entity, new HandedOn(response));
        handedOn = true;
        return new RawResponse<>(response.statusCode(), response.headersInClear(), state.attempts(), handed);
      }
      T body = (T) reader.read(type, entity, null);
      EntityUtils.consume(response.entity); // trailing bytes; once read, the connection goes back to the pool
      return new RawResponse<>(response.statusCode(), response.headersInClear(), state.attempts(), body);
    } catch (BodyReader.Malformed e) {
      throw engine.errors.malformed(state, response, e.getMessage(), e.body, null);
    } catch (IOException e) {
      throw readFailure(e, response);
    } finally {
      if (!handedOn) {
        closeQuietly(response.exchange);
      }
    }
  }

  private RuntimeException readFailure(IOException e, AttemptResponse response) {
    return state.aborted() != null ? engine.errors.aborted(state, e)
        : engine.errors.fromReadFailure(e, state, response);
  }

  /** A body handed on to the caller: the call ends, its deadline disarmed and its connection released, with it. */
  private final class HandedOn implements Handover {
    private final AttemptResponse response;

    HandedOn(AttemptResponse response) {
      this.response = response;
    }

    @Override
    public Executor executor() {
      return executor;
    }

    @Override
    public void release(boolean atEnd) {
      if (atEnd && response.exchange instanceof ReceivedBody) {
        // The blocking client's close reads the rest itself; an asynchronous body closed before its end came would
        // drop the connection, and one closed before HttpClient put the connection back would leave the next call
        // to open another. Within the deadline: still armed.
        ((ReceivedBody) response.exchange).skipRest(state.remainingNanos());
      }
      engine.deadlines.disarm(state);
      closeQuietly(response.exchange); // read to its end it goes back to the pool, else the connection is dropped
    }

    @Override
    public RuntimeException failed(IOException e, String progress) {
      return state.aborted() != null ? engine.errors.aborted(state, e)
          : engine.errors.fromReadFailure(e, state, response, progress);
    }

    @Override
    public RuntimeException malformed(String what, Throwable cause) {
      return engine.errors.malformed(state, response, what, null, cause);
    }
  }

  /** A bounded prefix of an error answer's body; the rest is not read (closing drops the connection instead). */
  private String readErrorBody(AttemptResponse response) {
    HttpEntity entity = response.entity;
    try {
      if (entity == null) {
        return null;
      }
      try (InputStream in = entity.getContent()) {
        return Bodies.prefix(in, ErrorMapper.MAX_ERROR_BODY_BYTES).text;
      }
    } catch (IOException | RuntimeException unreadable) {
      if (state.aborted() != null) {
        throw engine.errors.aborted(state, unreadable);
      }
      Log.LOG.debug("error body unreadable: {}", unreadable.toString());
      return null;
    } finally {
      closeQuietly(response.exchange);
    }
  }

  private long millisSince(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(engine.timing.nanoTime() - startedNanos);
  }

  private static void closeQuietly(Closeable exchange) {
    if (exchange == null) {
      return;
    }
    try {
      exchange.close();
    } catch (IOException | RuntimeException ignored) {
      Log.LOG.debug("closing an exchange: {}", ignored.toString());
    }
  }

  /** Runs {@code task} on {@code executor}; on the current thread only if the executor refuses it. */
  private static void dispatch(Executor executor, Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException refused) {
      task.run();
    }
  }
}
