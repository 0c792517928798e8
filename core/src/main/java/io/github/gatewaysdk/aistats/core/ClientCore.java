package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.ApiCore;
import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import io.github.gatewaysdk.aistats.core.internal.Json;
import io.github.gatewaysdk.aistats.core.internal.Redaction;
import io.github.gatewaysdk.aistats.errors.AiStatsException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.hc.core5.pool.PoolStats;

/**
 * The client's core ({@link ApiCore}): the entry points of both forms of a call, what every call shares
 * ({@link Engine}) and the two transports, the blocking one made with the client, the asynchronous one by its first
 * asynchronous call. One per client, made by {@link ClientBuilder#build()}.
 */
final class ClientCore implements ApiCore {
  private final String apiKey;
  private final Duration connectTimeout;
  final RequestOptions defaults;
  final Engine engine;
  private final HttpSettings http;
  private final ClassicTransport classic;
  /** Started by the first asynchronous call; a client used only blocking starts no thread for it. */
  private volatile AsyncTransport async;

  ClientCore(String apiKey, String baseUrl, Duration connectTimeout, int maxConnections, RequestOptions defaults,
      List<Interceptor> interceptors, Timing timing, DoubleSupplier random, long maxJsonDocumentBytes,
      boolean allowPrivateNetworks) {
    this.apiKey = apiKey;
    this.connectTimeout = connectTimeout;
    this.defaults = defaults;
    this.engine = new Engine(baseUrl, apiKey, interceptors, timing, random, Json.newMapper(), maxJsonDocumentBytes,
        new ErrorMapper(apiKey, connectTimeout.toMillis()));
    this.http = new HttpSettings(connectTimeout, maxConnections, defaults,
        new AddressPolicy(URI.create(baseUrl).getHost(), allowPrivateNetworks));
    this.classic = new ClassicTransport(http, timing);
  }

  @Override
  public <T> RawResponse<T> executeRaw(ApiRequest<T> request, RequestOptions options) {
    Objects.requireNonNull(request, "request");
    if (options == null) {
      throw new IllegalArgumentException("options must not be null; use RequestOptions.none()");
    }
    Call<T> call = Call.blocking(engine, classic, request, options.applyDefaults(defaults));
    if (Thread.currentThread().isInterrupted()) {
      throw new AiStatsException(request.operation() + " was not sent: the calling thread is interrupted");
    }
    if (!engine.deadlines.arm(call.state)) {
      throw engine.errors.closed(request.operation());
    }
    return call.run(); // disarms the deadline when the call ends, with a body handed on when that is closed
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
    // The deadline counts from here: starting the transport (the first call's) and describing the request are the
    // call's.
    long started = engine.timing.nanoTime();
    Objects.requireNonNull(request, "request");
    if (options == null) {
      throw new IllegalArgumentException("options must not be null; use RequestOptions.none()");
    }
    RequestOptions merged = options.applyDefaults(defaults);
    AsyncTransport transport = asyncTransport();
    Executor executor = merged.asyncExecutor() != null ? merged.asyncExecutor()
        : transport != null ? transport.defaultExecutor : Runnable::run;
    ApiRequest<T> described;
    try {
      described = Objects.requireNonNull(request.get(), "the request described");
    } catch (RuntimeException e) {
      return completeOn(executor, future, e);
    }
    if (transport == null) {
      return completeOn(executor, future, engine.errors.closed(described.operation()));
    }
    Call<T> call = Call.async(engine, transport, described, merged, executor, future, result, started);
    if (!engine.deadlines.arm(call.state)) {
      return completeOn(executor, future, engine.errors.closed(described.operation()));
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

  /** The non-blocking transport, started on first use; null once this client is closed. */
  private AsyncTransport asyncTransport() {
    AsyncTransport transport = async;
    if (transport == null) {
      synchronized (this) {
        if (async == null && !engine.isClosed()) {
          async = new AsyncTransport(http, engine.timing);
        }
        transport = async;
      }
    }
    return engine.isClosed() ? null : transport;
  }

  @Override
  public String baseUrl() {
    return engine.baseUrl;
  }

  @Override
  public void close() {
    if (engine.close()) {
      engine.deadlines.close();
      classic.close();
      AsyncTransport transport;
      synchronized (this) {
        transport = async;
      }
      if (transport != null) {
        transport.close();
      }
    }
  }

  @Override
  public String toString() {
    return "ClientCore{baseUrl=" + engine.baseUrl + ", apiKey=" + Redaction.REDACTED + ", connectTimeout="
        + connectTimeout + ", maxConnections=" + http.maxConnections + ", defaults=" + defaults + ", interceptors="
        + engine.interceptors.size() + "}";
  }

  /** For tests: the blocking pool's leased, pending and available connections. */
  PoolStats poolStats() {
    return classic.poolStats();
  }

  /** For tests: the same of the non-blocking pool, or null before the first asynchronous call. */
  PoolStats asyncPoolStats() {
    AsyncTransport transport = async;
    return transport == null ? null : transport.poolStats();
  }

  Duration connectTimeout() {
    return connectTimeout;
  }

  int maxConnections() {
    return http.maxConnections;
  }

  String apiKeyForTests() {
    return apiKey;
  }
}
