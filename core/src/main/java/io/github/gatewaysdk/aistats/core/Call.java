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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * One call: its options, its deadline and its attempts, from the first byte sent to the parsed answer, and what both
 * forms of a call share: the attempt's request, the retry decisions, the reading of answers. {@link BlockingCall} runs
 * the attempts on the caller's thread, {@link AsyncCall} on the client's non-blocking I/O. Everything the call needs
 * travels in this object; the deadline watcher ({@link Deadlines}) and {@link ClientCore#close()} reach it only through
 * {@link #abort}.
 */
abstract class Call<T> {
  enum Abort { DEADLINE, CLOSED, INTERRUPTED, CANCELLED }

  private static final AtomicLong SEQUENCE = new AtomicLong();

  final long seq = SEQUENCE.incrementAndGet();
  /** The thread whose interrupt ends the call; null for an asynchronous call, which no thread waits for. */
  final Thread thread;
  final long deadlineNanos;
  final RequestOptions options;
  final ApiRequest<T> request;
  final ClientCore core;

  volatile Abort aborted;
  // One thread at a time touches these: the caller's, or the asynchronous call's tasks, one after the other.
  int attempts;
  /** The wait before the next attempt, and why, when {@link #afterResponse} decided to retry. */
  long retryDelay;
  String retryReason;
  private HttpEntity body;
  private URI uri;
  private RetryPolicy policy;
  private boolean repeatable;

  /** @param startedNanos when the caller called, on the core's clock: the deadline counts from there */
  Call(ClientCore core, ApiRequest<T> request, RequestOptions options, Thread thread, long startedNanos) {
    this.core = core;
    this.request = request;
    this.options = options;
    this.thread = thread;
    this.deadlineNanos = startedNanos + options.timeout().toNanos();
  }

  /** Ends the call from another thread: the exchange under way is cancelled, a backoff wait ends. First reason wins. */
  abstract void abort(Abort reason);

  /** @return whether {@code reason} is the first abort; wakes a backoff wait */
  final boolean markAborted(Abort reason) {
    synchronized (this) {
      if (aborted != null) {
        return false;
      }
      aborted = reason;
      notifyAll();
      return true;
    }
  }

  Abort aborted() {
    return aborted;
  }

  /**
   * Whether an attempt of this call may still be sent: not aborted, its client not closing, its deadline ahead. A
   * closing client or a passed deadline aborts the call here, before the deadline watcher or close() reaches it.
   */
  final boolean maySend() {
    if (aborted == null && core.isClosed()) {
      abort(Abort.CLOSED);
    }
    if (aborted == null && remainingNanos() <= 0) {
      abort(Abort.DEADLINE);
    }
    return aborted == null;
  }

  int attempts() {
    return attempts;
  }

  long remainingNanos() {
    return deadlineNanos - core.timing.nanoTime();
  }

  /** Builds the body and settles the retry rules; throws {@link IllegalArgumentException} for an unwritable body. */
  void prepare() {
    body = core.entityOf(request);
    uri = core.uriOf(request);
    policy = new RetryPolicy(options.maxRetries(), request.idempotent() || options.retryNonIdempotentFailures());
    repeatable = body == null || body.isRepeatable();
  }

  /**
   * The request of the next attempt, logged.
   *
   * @throws io.github.gatewaysdk.aistats.errors.AiStatsException when the call was aborted or its deadline passed
   */
  AttemptRequest nextAttempt(int retries) {
    if (aborted == null && remainingNanos() <= 0) {
      abort(Abort.DEADLINE);
    }
    if (aborted != null) {
      throw core.errors.aborted(this, null);
    }
    attempts++;
    AttemptRequest attempt = new AttemptRequest(request.operation(), attempts, request.method(), uri,
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
  long afterFailure(Throwable e, boolean transportFailure, AttemptRequest attempt, long startedNanos, int retries) {
    if (aborted != null) {
      throw core.errors.aborted(this, e);
    }
    if (!transportFailure) {
      throw new AiStatsException(request.operation() + " failed: an interceptor threw " + e, e);
    }
    Log.failure(attempt, millisSince(startedNanos), e);
    long delay = RetryPolicy.backoffMillis(retries + 1, core.random.getAsDouble());
    if (!(e instanceof IOException) || !repeatable || !policy.canRetry(retries)
        || !policy.retriesException((IOException) e) || !hasTimeFor(delay)) {
      throw core.errors.fromFailure(e, this);
    }
    retryReason = e.getClass().getSimpleName();
    return delay;
  }

  /**
   * After an answer: the call's result, or null when it is retried after {@link #retryDelay}.
   *
   * @throws io.github.gatewaysdk.aistats.errors.AiStatsException when the call ends with this answer's error
   */
  RawResponse<T> afterResponse(AttemptResponse response, int retries) {
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
      long delay = RetryPolicy.retryAfterMillis(response.header("Retry-After"), core.timing.currentTimeMillis());
      if (delay < 0) {
        delay = RetryPolicy.backoffMillis(retries + 1, core.random.getAsDouble());
      }
      // Checked after the body was read: reading it may have taken time the wait no longer has.
      if (hasTimeFor(delay)) {
        retryDelay = delay;
        retryReason = "status " + status;
        return null;
      }
    }
    throw core.errors.fromStatus(response, errorBody, this);
  }

  private Map<String, String> headers(int retries) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", request.responseType().accept());
    headers.put("Accept-Encoding", ContentCoding.ACCEPT_ENCODING);
    if (request.authenticated()) {
      headers.put("Authorization", core.bearer);
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
  RawResponse<T> readSuccess(AttemptResponse response) {
    HttpEntity entity = response.entity;
    ResponseType<T> type = request.responseType();
    BodyReader reader = core.readerOf(type);
    String contentType = entity == null ? null : entity.getContentType();
    try {
      String expected = reader.refusal(type, contentType);
      if (expected != null) {
        String snippet = Bodies.prefix(entity.getContent(), ClientCore.SNIPPET_BYTES).text;
        throw core.errors.malformed(this, response, "expected " + expected + " but got " + contentType
            + (snippet.trim().isEmpty() ? "" : ": " + ErrorMapper.clip(snippet)), snippet, null);
      }
      T body = (T) reader.read(type, entity);
      EntityUtils.consume(response.entity); // trailing bytes; once read, the connection goes back to the pool
      return new RawResponse<>(response.statusCode(), response.headersInClear(), attempts, body);
    } catch (BodyReader.Malformed e) {
      throw core.errors.malformed(this, response, e.getMessage(), e.body, null);
    } catch (IOException e) {
      if (aborted != null) {
        throw core.errors.aborted(this, e);
      }
      throw core.errors.fromReadFailure(e, this, response);
    } finally {
      closeQuietly(response.exchange);
    }
  }

  /** A bounded prefix of an error answer's body; the rest is not read (closing drops the connection instead). */
  String readErrorBody(AttemptResponse response) {
    HttpEntity entity = response.entity;
    try {
      if (entity == null) {
        return null;
      }
      try (InputStream in = entity.getContent()) {
        return Bodies.prefix(in, ClientCore.MAX_ERROR_BODY_BYTES).text;
      }
    } catch (IOException | RuntimeException unreadable) {
      if (aborted != null) {
        throw core.errors.aborted(this, unreadable);
      }
      Log.LOG.debug("error body unreadable: {}", unreadable.toString());
      return null;
    } finally {
      closeQuietly(response.exchange);
    }
  }

  boolean hasTimeFor(long delayMillis) {
    return TimeUnit.MILLISECONDS.toNanos(delayMillis) < remainingNanos();
  }

  long millisSince(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(core.timing.nanoTime() - startedNanos);
  }

  static void closeQuietly(Closeable exchange) {
    if (exchange == null) {
      return;
    }
    try {
      exchange.close();
    } catch (IOException | RuntimeException ignored) {
      Log.LOG.debug("closing an exchange: {}", ignored.toString());
    }
  }
}
