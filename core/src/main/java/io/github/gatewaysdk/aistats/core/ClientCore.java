package io.github.gatewaysdk.aistats.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatewaysdk.aistats.core.internal.ApiCore;
import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import io.github.gatewaysdk.aistats.core.internal.Json;
import io.github.gatewaysdk.aistats.core.internal.Redaction;
import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import io.github.gatewaysdk.aistats.errors.AiStatsException;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The one place a call travels through, whatever its operation ({@link ApiCore}): the client-wide settings, both
 * HttpClient clients, the async lifecycle and the entry points of both forms of a call. One per client, made by
 * {@link ClientBuilder#build()}.
 */
final class ClientCore implements ApiCore {
  /** How much of an error answer's body is read; the rest is dropped with the connection. */
  static final int MAX_ERROR_BODY_BYTES = 8192;
  static final int SNIPPET_BYTES = 512;
  /** Pooled connections idle this long are closed, before a server or NAT silently drops them. */
  static final TimeValue IDLE_EVICTION = TimeValue.ofSeconds(30);
  /**
   * A pooled connection idle this long is checked before reuse (a read of at most 1 ms), as a POST on a connection the
   * server closed fails after sending and is not retried. Short, so that servers closing idle connections within a
   * second are caught; calls closer together than this reuse without the check.
   */
  static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofMilliseconds(100);
  private static final long ONE_MILLI_IN_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  final String bearer;
  private final String apiKey;
  private final String baseUrl;
  private final AddressPolicy addresses;
  private final Duration connectTimeout;
  private final int maxConnections;
  final RequestOptions defaults;
  final List<Interceptor> interceptors;
  final Timing timing;
  final DoubleSupplier random;
  final ObjectMapper json;
  /** The most bytes a JSON answer may have, inflated size: counted by the core, exactly, as it is read. */
  final long maxJsonDocumentBytes;
  /** How each kind of successful answer is read. */
  private final Map<ResponseType.Kind, BodyReader> readers;
  final ErrorMapper errors;
  /** The request bodies the SDK sends, by media type. */
  private final Map<String, BodyEncoder> encoders;
  final CloseableHttpClient httpClient;
  private final PoolingHttpClientConnectionManager connectionManager;
  private final RequestConfig baseConfig;
  private final RequestConfig defaultsConfig;
  final Deadlines deadlines;
  private final ConnectionConfig connectionConfig;
  /** Started by the first asynchronous call; a client used only blocking starts no thread for it. */
  private volatile AsyncEngine async;
  private final AtomicBoolean closed = new AtomicBoolean();

  ClientCore(String apiKey, String baseUrl, Duration connectTimeout, int maxConnections, RequestOptions defaults,
      List<Interceptor> interceptors, Timing timing, DoubleSupplier random, long maxJsonDocumentBytes,
      boolean allowPrivateNetworks) {
    this.apiKey = apiKey;
    this.bearer = "Bearer " + apiKey;
    this.baseUrl = baseUrl;
    this.connectTimeout = connectTimeout;
    this.maxConnections = maxConnections;
    this.defaults = defaults;
    this.interceptors = interceptors;
    this.timing = timing;
    this.random = random;
    this.json = Json.newMapper();
    this.encoders = byMediaType(new JsonBody(json), new MultipartBody(json), new UrlEncodedBody(json));
    this.readers = new EnumMap<>(ResponseType.Kind.class);
    readers.put(ResponseType.Kind.JSON, new JsonReader(json, maxJsonDocumentBytes));
    readers.put(ResponseType.Kind.BYTES, new BytesReader());
    readers.put(ResponseType.Kind.TEXT, new TextReader());
    readers.put(ResponseType.Kind.NONE, new NoBodyReader());
    this.maxJsonDocumentBytes = maxJsonDocumentBytes;
    this.errors = new ErrorMapper(apiKey, connectTimeout.toMillis());
    connectionConfig = ConnectionConfig.custom()
        .setConnectTimeout(Timeout.ofMilliseconds(connectTimeout.toMillis()))
        .setSocketTimeout(Timeout.ofMilliseconds(defaults.responseTimeout().toMillis()))
        .setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY)
        .build();
    addresses = new AddressPolicy(java.net.URI.create(baseUrl).getHost(), allowPrivateNetworks);
    connectionManager = PoolingHttpClientConnectionManagerBuilder.create()
        .setDnsResolver(addresses)
        .setConnectionFactory(QuietConnectionFactory.INSTANCE)
        .setMaxConnTotal(maxConnections)
        .setMaxConnPerRoute(maxConnections)
        .setDefaultConnectionConfig(connectionConfig)
        .build();
    baseConfig = RequestConfig.custom().setRedirectsEnabled(false).build();
    defaultsConfig = attemptConfig(defaults.responseTimeout().toMillis(), defaults.timeout().toMillis());
    httpClient = HttpClients.custom()
        .setConnectionManager(connectionManager)
        .setDefaultRequestConfig(defaultsConfig)
        .setUserAgent(UserAgent.value())
        // Retries are the core's alone: HttpClient's own would resend POSTs after an I/O error.
        .disableAutomaticRetries()
        // Compressed answers are inflated as they are read, within the call's bounds, by the core (ContentCoding.decoded).
        .disableContentCompression()
        // A redirected POST would become a GET, or carry the key to another host.
        .disableRedirectHandling()
        .disableCookieManagement()
        .disableAuthCaching()
        .evictExpiredConnections()
        .evictIdleConnections(IDLE_EVICTION)
        .addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), SendGate.NAME, (request, scope, chain) -> {
          SendGate.check(scope.clientContext);
          return chain.proceed(request, scope);
        })
        .build();
    deadlines = new Deadlines(timing);
  }

  @Override
  public <T> RawResponse<T> executeRaw(ApiRequest<T> request, RequestOptions options) {
    Objects.requireNonNull(request, "request");
    if (options == null) {
      throw new IllegalArgumentException("options must not be null; use RequestOptions.none()");
    }
    BlockingCall<T> call = new BlockingCall<>(this, request, options.applyDefaults(defaults));
    if (Thread.currentThread().isInterrupted()) {
      throw new AiStatsException(request.operation() + " was not sent: the calling thread is interrupted");
    }
    if (!deadlines.arm(call)) {
      throw errors.closed(request.operation());
    }
    try {
      return call.run();
    } finally {
      deadlines.disarm(call);
    }
  }

  @Override
  public <T> CompletableFuture<T> executeAsync(Supplier<ApiRequest<T>> request, RequestOptions options) {
    return start(request, options, new CallFuture<T>(), RawResponse::body);
  }

  @Override
  public <T> CompletableFuture<RawResponse<T>> executeRawAsync(Supplier<ApiRequest<T>> request,
      RequestOptions options) {
    return start(request, options, new CallFuture<RawResponse<T>>(), raw -> raw);
  }

  private <T, R> CompletableFuture<R> start(Supplier<ApiRequest<T>> request, RequestOptions options,
      CallFuture<R> future, Function<RawResponse<T>, R> result) {
    // The deadline counts from here: starting the engine (the first call's) and describing the request are the call's.
    long started = timing.nanoTime();
    Objects.requireNonNull(request, "request");
    if (options == null) {
      throw new IllegalArgumentException("options must not be null; use RequestOptions.none()");
    }
    RequestOptions merged = options.applyDefaults(defaults);
    AsyncEngine engine = asyncEngine();
    Executor executor = merged.asyncExecutor() != null ? merged.asyncExecutor()
        : engine != null ? engine.defaultExecutor : Runnable::run;
    ApiRequest<T> described;
    try {
      described = Objects.requireNonNull(request.get(), "the request described");
    } catch (RuntimeException e) {
      return completeOn(executor, future, e);
    }
    if (engine == null) {
      return completeOn(executor, future, errors.closed(described.operation()));
    }
    AsyncCall<T> call = new AsyncCall<>(this, engine, described, merged, executor, future, result, started);
    if (!deadlines.arm(call)) {
      return completeOn(executor, future, errors.closed(described.operation()));
    }
    call.start();
    return future;
  }

  private static <R> CompletableFuture<R> completeOn(Executor executor, CompletableFuture<R> future, Throwable e) {
    try {
      executor.execute(() -> future.completeExceptionally(e));
    } catch (RejectedExecutionException refused) {
      future.completeExceptionally(e);
    }
    return future;
  }

  /** The non-blocking client, started on first use; null once this client is closed. */
  private AsyncEngine asyncEngine() {
    AsyncEngine engine = async;
    if (engine == null) {
      synchronized (this) {
        if (async == null && !closed.get()) {
          async = new AsyncEngine(connectionConfig, maxConnections, defaultsConfig, addresses);
        }
        engine = async;
      }
    }
    return closed.get() ? null : engine;
  }

  @Override
  public String baseUrl() {
    return baseUrl;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      deadlines.close();
      httpClient.close(CloseMode.IMMEDIATE);
      AsyncEngine engine;
      synchronized (this) {
        engine = async;
      }
      if (engine != null) {
        engine.close();
      }
    }
  }

  /** @return whether {@link #close()} has begun: from then on no attempt is sent ({@link SendGate}) */
  boolean isClosed() {
    return closed.get();
  }

  @Override
  public String toString() {
    return "ClientCore{baseUrl=" + baseUrl + ", apiKey=" + Redaction.REDACTED + ", connectTimeout=" + connectTimeout
        + ", maxConnections=" + maxConnections + ", defaults=" + defaults + ", interceptors=" + interceptors.size()
        + "}";
  }

  URI uriOf(ApiRequest<?> request) {
    if (request.absoluteUrl() != null) {
      return request.absoluteUrl();
    }
    return URI.create(request.query() == null ? baseUrl + request.path() : baseUrl + request.path() + "?" + request.query());
  }

  /**
   * The request's body, built once and repeatable, so every attempt sends the same bytes; null for none.
   *
   * @throws IllegalArgumentException when the body cannot be written, or is of a media type the SDK does not send
   */
  HttpEntity entityOf(ApiRequest<?> request) {
    String mediaType = request.bodyMediaType();
    if (mediaType == null) {
      return null;
    }
    BodyEncoder encoder = encoders.get(mediaType);
    if (encoder == null) {
      throw new IllegalArgumentException(request.operation() + " has a body of media type " + mediaType
          + ", which this SDK does not send; it sends " + encoders.keySet());
    }
    return encoder.encode(request);
  }

  /**
   * The attempt's timeouts, capped by the time left to its call. An attempt that starts within a millisecond of a
   * call with the client's own timeouts gets the config built once for them: building one per call was a visible
   * part of a small call's cost.
   */
  RequestConfig attemptConfig(Call<?> call) {
    long remainingNanos = call.remainingNanos();
    if (call.options == defaults && defaults.timeout().toNanos() - remainingNanos < ONE_MILLI_IN_NANOS) {
      return defaultsConfig;
    }
    return attemptConfig(call.options.responseTimeout().toMillis(),
        Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNanos)));
  }

  private RequestConfig attemptConfig(long responseTimeoutMillis, long remainingMillis) {
    return RequestConfig.copy(baseConfig)
        .setResponseTimeout(Timeout.ofMilliseconds(Math.min(responseTimeoutMillis, remainingMillis)))
        .setConnectionRequestTimeout(Timeout.ofMilliseconds(remainingMillis))
        .build();
  }

  BodyReader readerOf(ResponseType<?> type) {
    return readers.get(type.kind());
  }

  private static Map<String, BodyEncoder> byMediaType(BodyEncoder... encoders) {
    Map<String, BodyEncoder> byType = new java.util.LinkedHashMap<>();
    for (BodyEncoder encoder : encoders) {
      byType.put(encoder.mediaType(), encoder);
    }
    return java.util.Collections.unmodifiableMap(byType);
  }

  /** For tests: the pool's leased, pending and available connections. */
  PoolStats poolStats() {
    return connectionManager.getTotalStats();
  }

  /** For tests: the same of the non-blocking client's pool, or null before the first asynchronous call. */
  PoolStats asyncPoolStats() {
    AsyncEngine engine = async;
    return engine == null ? null : engine.poolStats();
  }

  Duration connectTimeout() {
    return connectTimeout;
  }

  int maxConnections() {
    return maxConnections;
  }

  String apiKeyForTests() {
    return apiKey;
  }
}
