package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.errors.AiStatsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * One call: its options, its deadline and its attempts, from the first byte sent to the parsed answer. Everything the
 * call needs travels in this object; the client's deadline watcher ({@link Deadlines}) and {@link ApiCore#close()}
 * reach it only through {@link #abort}.
 */
final class Call<T> {
  enum Abort { DEADLINE, CLOSED, INTERRUPTED }

  private static final AtomicLong SEQUENCE = new AtomicLong();

  final long seq = SEQUENCE.incrementAndGet();
  final Thread thread = Thread.currentThread();
  final long deadlineNanos;
  final RequestOptions options;
  final ApiRequest<T> request;
  private final ApiCore core;
  private final long startNanos;

  private volatile Abort aborted;
  private volatile HttpUriRequestBase current;
  // Only the call's own thread touches these.
  private int attempts;
  private Throwable transportFailure;
  private ClassicHttpResponse lastExchange;

  Call(ApiCore core, ApiRequest<T> request, RequestOptions options) {
    this.core = core;
    this.request = request;
    this.options = options;
    this.startNanos = core.timing.nanoTime();
    this.deadlineNanos = startNanos + options.timeout().toNanos();
  }

  /** Ends the call from another thread: the exchange under way is cancelled, a backoff wait ends. First reason wins. */
  void abort(Abort reason) {
    synchronized (this) {
      if (aborted != null) {
        return;
      }
      aborted = reason;
      notifyAll();
    }
    HttpUriRequestBase exchange = current;
    if (exchange != null) {
      exchange.cancel();
    }
  }

  Abort aborted() {
    return aborted;
  }

  int attempts() {
    return attempts;
  }

  long remainingNanos() {
    return deadlineNanos - core.timing.nanoTime();
  }

  RawResponse<T> run() {
    HttpEntity body = core.entityOf(request);
    URI uri = core.uriOf(request);
    RetryPolicy policy = new RetryPolicy(options.maxRetries(),
        request.idempotent() || options.retryNonIdempotentFailures());
    boolean repeatable = body == null || body.isRepeatable();
    for (int retries = 0; ; retries++) {
      if (aborted == null && remainingNanos() <= 0) {
        abort(Abort.DEADLINE);
      }
      if (aborted != null) {
        throw core.errors.aborted(this, null);
      }
      attempts++;
      AttemptRequest attempt = new AttemptRequest(request.operation(), attempts, request.method, uri,
          headers(retries), options.sensitiveHeaders(), body);
      Log.request(attempt);
      long started = core.timing.nanoTime();
      AttemptResponse response;
      try {
        response = proceed(0, attempt);
        if (response == null) {
          throw new NullPointerException("an interceptor returned no response");
        }
      } catch (IOException | RuntimeException | Error e) {
        closeQuietly(lastExchange);
        if (aborted != null) {
          throw core.errors.aborted(this, e);
        }
        if (e != transportFailure) {
          throw new AiStatsException(request.operation() + " failed: an interceptor threw " + e, e);
        }
        Log.failure(attempt, millisSince(started), e);
        long delay = RetryPolicy.backoffMillis(retries + 1, core.random.getAsDouble());
        if (!(e instanceof IOException) || !repeatable || !policy.canRetry(retries)
            || !policy.retriesException((IOException) e) || !hasTimeFor(delay)) {
          throw core.errors.fromFailure(e, this);
        }
        pause(delay, retries + 1, e.getClass().getSimpleName());
        continue;
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
          pause(delay, retries + 1, "status " + status);
          continue;
        }
      }
      throw core.errors.fromStatus(response, errorBody, this);
    }
  }

  /** Passes {@code request} to interceptor {@code index}, or after the last one to the network. */
  private AttemptResponse proceed(int index, AttemptRequest request) throws IOException {
    List<Interceptor> interceptors = core.interceptors;
    if (index == interceptors.size()) {
      return send(request);
    }
    return interceptors.get(index).intercept(new Interceptor.Chain() {
      @Override
      public AttemptRequest request() {
        return request;
      }

      @Override
      public AttemptResponse proceed(AttemptRequest next) throws IOException {
        return Call.this.proceed(index + 1, next);
      }
    });
  }

  private AttemptResponse send(AttemptRequest attempt) throws IOException {
    HttpUriRequestBase exchange = new HttpUriRequestBase(attempt.method(), attempt.uri());
    for (Map.Entry<String, String> header : attempt.rawHeaders().entrySet()) {
      exchange.addHeader(header.getKey(), header.getValue());
    }
    exchange.setEntity(attempt.body);
    HttpClientContext context = HttpClientContext.create();
    context.setRequestConfig(core.attemptConfig(this));
    current = exchange;
    if (aborted != null) {
      exchange.cancel(); // an abort that came before this attempt's exchange existed
    }
    long started = core.timing.nanoTime();
    try {
      ClassicHttpResponse response = core.httpClient.executeOpen(null, exchange, context);
      lastExchange = response;
      return new AttemptResponse(attempts, response, Duration.ofNanos(core.timing.nanoTime() - started));
    } catch (IOException | RuntimeException e) {
      transportFailure = e;
      throw e;
    }
  }

  private Map<String, String> headers(int retries) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", request.responseType.accept);
    if (request.authenticated) {
      headers.put("Authorization", core.bearer);
    }
    headers.putAll(request.headers);
    for (Map.Entry<String, String> header : options.headers().entrySet()) {
      headers.keySet().removeIf(name -> name.equalsIgnoreCase(header.getKey()));
      headers.put(header.getKey(), header.getValue());
    }
    if (retries > 0) {
      headers.put(ApiCore.RETRY_COUNT_HEADER, Integer.toString(retries));
    }
    return headers;
  }

  private RawResponse<T> readSuccess(AttemptResponse response) {
    HttpEntity entity = response.entity;
    ResponseType<T> type = request.responseType;
    String contentType = entity == null ? null : entity.getContentType();
    try {
      if (type.kind != ResponseType.Kind.NONE && !type.accepts(contentType)) {
        String snippet = Bodies.prefix(entity.getContent(), ApiCore.SNIPPET_BYTES).text;
        throw core.errors.malformed(this, response, "expected " + (type.kind == ResponseType.Kind.JSON ? "a JSON body"
            : type.accept) + " but got " + contentType + (snippet.trim().isEmpty() ? "" : ": " + ErrorMapper.clip(snippet)),
            snippet, null);
      }
      T body = read(type, entity, response);
      EntityUtils.consume(response.entity); // trailing bytes; once read, the connection goes back to the pool
      return new RawResponse<>(response.statusCode(), response.headersInClear(), attempts, body);
    } catch (IOException e) {
      if (aborted != null) {
        throw core.errors.aborted(this, e);
      }
      throw core.errors.fromReadFailure(e, this, response);
    } finally {
      closeQuietly(response.exchange);
    }
  }

  @SuppressWarnings("unchecked")
  private T read(ResponseType<T> type, HttpEntity entity, AttemptResponse response) throws IOException {
    switch (type.kind) {
      case NONE:
        return null;
      case JSON:
        if (entity == null) {
          throw core.errors.malformed(this, response, "the body was empty, expected JSON", null, null);
        }
        try (PushbackInputStream in = new PushbackInputStream(
            Bodies.limited(entity.getContent(), core.maxJsonDocumentBytes))) {
          int first = in.read();
          if (first == -1) {
            throw core.errors.malformed(this, response, "the body was empty, expected JSON", null, null);
          }
          in.unread(first);
          T value = core.reader(type.jsonType).readValue(in);
          if (value == null) {
            throw core.errors.malformed(this, response, "the body was JSON null, expected a document", "null", null);
          }
          return value;
        }
      case BYTES:
      case TEXT:
        if (entity == null) {
          return (T) (type.kind == ResponseType.Kind.BYTES ? new byte[0] : "");
        }
        byte[] bytes;
        try (InputStream in = entity.getContent()) {
          bytes = Bodies.readAtMost(in, ApiCore.MAX_BINARY_BYTES);
        }
        if (bytes == null) {
          throw core.errors.malformed(this, response, "the body is larger than " + ApiCore.MAX_BINARY_BYTES / (1024 * 1024)
              + " MiB, more than any answer of this API", null, null);
        }
        if (type.kind == ResponseType.Kind.BYTES) {
          return (T) bytes;
        }
        ContentType parsed = entity.getContentType() == null ? null : ContentType.parse(entity.getContentType());
        Charset charset = parsed == null || parsed.getCharset() == null ? StandardCharsets.UTF_8 : parsed.getCharset();
        return (T) new String(bytes, charset);
      default:
        throw new IllegalStateException(type.kind.name());
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
        return Bodies.prefix(in, ApiCore.MAX_ERROR_BODY_BYTES).text;
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

  private boolean hasTimeFor(long delayMillis) {
    return TimeUnit.MILLISECONDS.toNanos(delayMillis) < remainingNanos();
  }

  /** Waits before a retry; an abort (deadline, close) or an interrupt ends the wait, and the call. */
  private void pause(long delayMillis, int retryNumber, String reason) {
    Log.retry(delayMillis, reason, retryNumber, options.maxRetries());
    synchronized (this) {
      try {
        core.timing.await(this, delayMillis, () -> aborted != null);
      } catch (InterruptedException e) {
        aborted = Abort.INTERRUPTED;
        Thread.currentThread().interrupt();
      }
    }
    if (aborted != null) {
      throw core.errors.aborted(this, null);
    }
  }

  private long millisSince(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(core.timing.nanoTime() - startedNanos);
  }

  private static void closeQuietly(ClassicHttpResponse exchange) {
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
