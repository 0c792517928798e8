package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.Headers;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolStats;

/**
 * The blocking form's transport: HttpClient 5's classic client on the caller's thread, and a wait before a retry that
 * blocks it (ended early by an abort or an interrupt). Its futures are complete when returned.
 */
final class ClassicTransport implements Transport {
  private static final CompletableFuture<Void> WAITED = CompletableFuture.completedFuture(null);

  private final HttpSettings settings;
  private final Timing timing;
  private final PoolingHttpClientConnectionManager pool;
  private final CloseableHttpClient http;

  ClassicTransport(HttpSettings settings, Timing timing) {
    this.settings = settings;
    this.timing = timing;
    pool = PoolingHttpClientConnectionManagerBuilder.create()
        .setDnsResolver(settings.addresses)
        .setConnectionFactory(QuietConnectionFactory.INSTANCE)
        .setMaxConnTotal(settings.maxConnections)
        .setMaxConnPerRoute(settings.maxConnections)
        .setDefaultConnectionConfig(settings.connections)
        .build();
    http = HttpClients.custom()
        .setConnectionManager(pool)
        .setDefaultRequestConfig(settings.defaultsConfig)
        // Retries are the core's alone: HttpClient's own would resend POSTs after an I/O error.
        .disableAutomaticRetries()
        // Compressed answers are inflated as they are read, within the call's bounds, by the core (ContentCoding).
        .disableContentCompression()
        // A redirected POST would become a GET, or carry the key to another host.
        .disableRedirectHandling()
        .disableCookieManagement()
        .disableAuthCaching()
        .evictExpiredConnections()
        .evictIdleConnections(HttpSettings.IDLE_EVICTION)
        // HttpClient's own last step prints each request line, a signed URL's query included, at DEBUG.
        .replaceExecInterceptor(ChainElement.MAIN_TRANSPORT.name(), new QuietMainExec(UserAgent.value()))
        .addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), SendGate.NAME, (request, scope, chain) -> {
          SendGate.check(scope.clientContext);
          return chain.proceed(request, scope);
        })
        .build();
  }

  @Override
  public CompletableFuture<AttemptResponse> send(CallState call, AttemptRequest attempt) {
    HttpUriRequestBase exchange = new HttpUriRequestBase(attempt.method(), attempt.uri());
    for (Map.Entry<String, String> header : attempt.rawHeaders().entrySet()) {
      exchange.addHeader(header.getKey(), header.getValue());
    }
    exchange.setEntity(attempt.body);
    HttpClientContext context = HttpClientContext.create();
    context.setRequestConfig(settings.attemptConfig(call));
    SendGate.attach(context, call);
    call.running(exchange::cancel);
    long started = timing.nanoTime();
    try {
      ClassicHttpResponse response = http.executeOpen(null, exchange, context);
      AttemptResponse answer = AttemptResponse.received(call.attempts(), response.getCode(),
          Headers.toMap(response.getHeaders()), Duration.ofNanos(timing.nanoTime() - started), response.getEntity(),
          response);
      return CompletableFuture.completedFuture(call.received(answer));
    } catch (IOException | RuntimeException e) {
      CompletableFuture<AttemptResponse> failed = new CompletableFuture<>();
      failed.completeExceptionally(call.exchangeFailed(e));
      return failed;
    }
  }

  @Override
  public CompletableFuture<Void> pause(CallState call, long delayMillis) {
    synchronized (call) {
      try {
        timing.await(call, delayMillis, () -> call.aborted() != null);
      } catch (InterruptedException e) {
        call.markAborted(CallState.Abort.INTERRUPTED);
        Thread.currentThread().interrupt();
      }
    }
    return WAITED;
  }

  @Override
  public void close() {
    http.close(CloseMode.IMMEDIATE);
  }

  @Override
  public PoolStats poolStats() {
    return pool.getTotalStats();
  }
}
