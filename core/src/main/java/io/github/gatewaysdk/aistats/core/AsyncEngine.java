package io.github.gatewaysdk.aistats.core;

import java.nio.channels.ClosedSelectorException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.reactor.IOReactorConfig;

/**
 * The non-blocking half of a client, started by its first asynchronous call: HttpClient's async client with its own
 * pool (the same limits and timeouts as the blocking one), a timer for the waits before retries, and the default
 * executor on which asynchronous calls complete. Every thread it starts is a daemon named {@code ai-stats-*}, and
 * {@link #close()} stops them all.
 */
final class AsyncEngine {
  /** I/O threads: each serves many connections; the work of a call (JSON, interceptors) runs on the executor. */
  static final int IO_THREADS = Math.min(2, Runtime.getRuntime().availableProcessors());
  /** Threads of the default executor: as many as cores, at least two, so a slow callback does not stall the rest. */
  static final int DEFAULT_EXECUTOR_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

  /** The context attribute under which an exchange's runtime is kept, so that an abort can drop its connection. */
  static final String EXCHANGE_RUNTIME = "ai-stats.exchange-runtime";

  final CloseableHttpAsyncClient http;
  private final PoolingAsyncClientConnectionManager pool;
  final ScheduledThreadPoolExecutor timer;
  final ExecutorService defaultExecutor;

  AsyncEngine(ConnectionConfig connections, int maxConnections, RequestConfig defaultsConfig,
      AddressPolicy addresses) {
    pool = PoolingAsyncClientConnectionManagerBuilder.create()
        .setDnsResolver(addresses)
        .setMaxConnTotal(maxConnections)
        .setMaxConnPerRoute(maxConnections)
        .setDefaultConnectionConfig(connections)
        .build();
    http = HttpAsyncClients.custom()
        .setConnectionManager(pool)
        .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1) // as the blocking client speaks
        .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(IO_THREADS).build())
        .setThreadFactory(daemons("ai-stats-io-"))
        // Without a decorator of its own HttpClient logs every byte, the API key included, at DEBUG.
        .setIoSessionDecorator(session -> session)
        // Cancelling HttpClient's future does not always reach an exchange waiting for its answer: an abort drops the
        // connection through the exchange's runtime instead (AsyncCall.abort).
        .addExecInterceptorFirst(EXCHANGE_RUNTIME, (request, body, scope, chain, callback) -> {
          scope.clientContext.setAttribute(EXCHANGE_RUNTIME, scope.execRuntime);
          chain.proceed(request, body, scope, callback);
        })
        .addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), SendGate.NAME,
            (request, body, scope, chain, callback) -> {
              SendGate.check(scope.clientContext);
              chain.proceed(request, body, scope, callback);
            })
        // HttpClient logs at ERROR a race of its own I/O threads with close(): expected, so only at DEBUG here.
        .setIoReactorExceptionCallback(e -> {
          if (e instanceof ClosedSelectorException) {
            Log.LOG.debug("I/O thread ended by close(): {}", e.toString());
          } else {
            Log.LOG.warn("HttpClient's I/O thread failed: {}", e.toString(), e);
          }
        })
        .setDefaultRequestConfig(defaultsConfig)
        .setUserAgent(UserAgent.value())
        .disableAutomaticRetries()
        // HttpClient's own inflation hands on every byte it inflates: a small compressed body could fill the heap.
        .disableContentCompression()
        .disableRedirectHandling()
        .disableCookieManagement()
        .disableAuthCaching()
        .evictExpiredConnections()
        .evictIdleConnections(ClientCore.IDLE_EVICTION)
        .build();
    http.start();
    timer = new ScheduledThreadPoolExecutor(1, daemons("ai-stats-timer-"));
    timer.setRemoveOnCancelPolicy(true);
    defaultExecutor = new ThreadPoolExecutor(DEFAULT_EXECUTOR_THREADS, DEFAULT_EXECUTOR_THREADS, 0, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), daemons("ai-stats-async-"));
  }

  /** Closes the connections and stops the threads; tasks already handed to the executor still run, then it ends. */
  void close() {
    http.close(CloseMode.IMMEDIATE);
    timer.shutdownNow();
    defaultExecutor.shutdown();
  }

  PoolStats poolStats() {
    return pool.getTotalStats();
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
