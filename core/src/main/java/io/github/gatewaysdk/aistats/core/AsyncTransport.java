package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.Headers;
import io.github.gatewaysdk.aistats.core.internal.Redaction;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.hc.client5.http.async.AsyncExecRuntime;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
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
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.reactor.IOReactorConfig;

/**
 * The asynchronous form's transport, started by a client's first asynchronous call: HttpClient 5's async client with
 * its own pool (the same limits and timeouts as the blocking one), a timer for the waits before retries, and the
 * default executor on which asynchronous calls run their steps and complete. An answer is handed on once its body
 * ended or fills a window ({@link ReceivedBody}), the rest read as it comes. Every thread it starts is a daemon named
 * {@code ai-stats-*}; {@link #close()} stops them all.
 */
final class AsyncTransport implements Transport {
  /** I/O threads: each serves many connections; the work of a call (JSON, interceptors) runs on the executor. */
  static final int IO_THREADS = Math.min(2, Runtime.getRuntime().availableProcessors());
  /** Threads of the default executor: as many as cores, at least two, so a slow callback does not stall the rest. */
  static final int DEFAULT_EXECUTOR_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
  /** The context attribute under which an exchange's runtime is kept, so that an abort can drop its connection. */
  private static final String EXCHANGE_RUNTIME = "ai-stats.exchange-runtime";

  private final HttpSettings settings;
  private final Timing timing;
  private final CloseableHttpAsyncClient http;
  private final PoolingAsyncClientConnectionManager pool;
  private final ScheduledThreadPoolExecutor timer;
  /** The rings large answers are received into, reused from one answer to the next. */
  private final ReceivedBody.Rings rings = new ReceivedBody.Rings();
  final ExecutorService defaultExecutor;

  AsyncTransport(HttpSettings settings, Timing timing) {
    this.settings = settings;
    this.timing = timing;
    pool = PoolingAsyncClientConnectionManagerBuilder.create()
        .setDnsResolver(settings.addresses)
        .setMaxConnTotal(settings.maxConnections)
        .setMaxConnPerRoute(settings.maxConnections)
        .setDefaultConnectionConfig(settings.connections)
        .build();
    http = HttpAsyncClients.custom()
        .setConnectionManager(pool)
        .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1) // as the blocking client speaks
        .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(IO_THREADS).build())
        .setThreadFactory(daemons("ai-stats-io-"))
        // Without a decorator of its own HttpClient logs every byte, the API key included, at DEBUG.
        .setIoSessionDecorator(session -> session)
        // Cancelling HttpClient's future does not always reach an exchange waiting for its answer: an abort drops the
        // connection through the exchange's runtime instead (Exchange.cancel).
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
        .setDefaultRequestConfig(settings.defaultsConfig)
        .setUserAgent(UserAgent.value())
        .disableAutomaticRetries()
        // HttpClient's own inflation hands on every byte it inflates: a small compressed body could fill the heap.
        .disableContentCompression()
        .disableRedirectHandling()
        .disableCookieManagement()
        .disableAuthCaching()
        .evictExpiredConnections()
        .evictIdleConnections(HttpSettings.IDLE_EVICTION)
        .build();
    http.start();
    timer = new ScheduledThreadPoolExecutor(1, daemons("ai-stats-timer-"));
    timer.setRemoveOnCancelPolicy(true);
    defaultExecutor = new ThreadPoolExecutor(DEFAULT_EXECUTOR_THREADS, DEFAULT_EXECUTOR_THREADS, 0, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), daemons("ai-stats-async-"));
  }

  @Override
  public CompletableFuture<AttemptResponse> send(CallState call, AttemptRequest attempt) {
    CompletableFuture<AttemptResponse> answer = new CompletableFuture<>();
    AtomicBoolean settled = new AtomicBoolean(); // HttpClient may report a failure after the answer: the first counts
    BasicHttpRequest message = new BasicHttpRequest(attempt.method(), attempt.uri());
    for (Map.Entry<String, String> header : attempt.rawHeaders().entrySet()) {
      message.addHeader(new ShownRedacted(header.getKey(), header.getValue(), attempt.sensitive));
    }
    HttpClientContext context = HttpClientContext.create();
    context.setRequestConfig(settings.attemptConfig(call));
    SendGate.attach(context, call);
    Exchange exchange = new Exchange(context);
    FutureCallback<AttemptResponse> done = new FutureCallback<AttemptResponse>() {
      @Override
      public void completed(AttemptResponse response) {
        if (settled.compareAndSet(false, true)) {
          answer.complete(call.received(response));
        }
      }

      @Override
      public void failed(Exception e) {
        if (settled.compareAndSet(false, true)) {
          answer.completeExceptionally(call.exchangeFailed(
              e instanceof TimeoutException ? poolTimeout((TimeoutException) e) : e));
        }
      }

      @Override
      public void cancelled() {
        failed(new CancellationException("the exchange was cancelled"));
      }
    };
    try {
      AsyncEntityProducer body = producer(attempt.body, () -> call.aborted() != null, call.executor);
      exchange.future = http.execute(new BasicRequestProducer(message, body), new Receiver(call, exchange, done), null,
          context, done);
    } catch (IOException | RuntimeException e) {
      done.failed(e);
    }
    call.running(exchange); // ends it at once when an abort came before it existed
    return answer;
  }

  @Override
  public CompletableFuture<Void> pause(CallState call, long delayMillis) {
    CompletableFuture<Void> waited = new CompletableFuture<>();
    ScheduledFuture<?> wait = timing.schedule(timer, delayMillis, () -> waited.complete(null));
    call.running(() -> {
      wait.cancel(false);
      return waited.complete(null);
    });
    return waited;
  }

  /**
   * A request body for the non-blocking client: a form or a file streamed as it is written (until {@code aborted}),
   * other bodies (JSON, url-encoded: small) from their bytes.
   */
  private static AsyncEntityProducer producer(HttpEntity body, BooleanSupplier aborted, Executor executor)
      throws IOException {
    if (body == null) {
      return null;
    }
    if (body instanceof AsyncBody) {
      return ((AsyncBody) body).producer(aborted, executor);
    }
    return new BasicAsyncEntityProducer(EntityUtils.toByteArray(body),
        body.getContentType() == null ? null : ContentType.parse(body.getContentType()));
  }

  /** A lease from the async pool that timed out, as the blocking pool reports it. */
  private static IOException poolTimeout(TimeoutException e) {
    IOException timeout = new ConnectionRequestTimeoutException(e.getMessage());
    timeout.initCause(e);
    return timeout;
  }

  /** Closes the connections and stops the threads; tasks already handed to the executor still run, then it ends. */
  @Override
  public void close() {
    http.close(CloseMode.IMMEDIATE);
    timer.shutdownNow();
    defaultExecutor.shutdown();
  }

  @Override
  public PoolStats poolStats() {
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

  /** One attempt's exchange, as an abort ends it: cancelled, its connection dropped, a reader of its body woken. */
  private static final class Exchange implements org.apache.hc.core5.concurrent.Cancellable {
    private final HttpClientContext context;
    volatile Future<?> future;
    volatile ReceivedBody body;

    Exchange(HttpClientContext context) {
      this.context = context;
    }

    @Override
    public boolean cancel() {
      drop();
      ReceivedBody received = body;
      if (received != null) {
        received.endedBy(new InterruptedIOException("the call was aborted"));
      }
      return true;
    }

    /** Cancels the exchange, and drops its connection if it has one. */
    void drop() {
      Future<?> running = future;
      if (running != null) {
        running.cancel(true);
      }
      Object runtime = context.getAttribute(EXCHANGE_RUNTIME);
      if (runtime instanceof AsyncExecRuntime) {
        ((AsyncExecRuntime) runtime).discardEndpoint();
      }
    }
  }

  /**
   * Receives one answer: status and headers, then its body ({@link ReceivedBody}). The answer is handed on once its
   * body has ended or fills the window, so a small answer is read without waiting and a large one is read as it comes,
   * by the reader on the call's executor, within the window.
   */
  private final class Receiver implements AsyncResponseConsumer<AttemptResponse> {
    private final CallState call;
    private final Exchange exchange;
    /**
     * The attempt's own answer, completed when the answer is handed on before its end. HttpClient's result callback
     * is completed only at the end: completed earlier, it races with HttpClient's own setting up of the exchange,
     * which then cancels the exchange it finds done.
     */
    private final FutureCallback<AttemptResponse> answered;
    private final long sentNanos;
    private FutureCallback<AttemptResponse> callback;
    private AttemptResponse response;
    private ReceivedBody body;

    Receiver(CallState call, Exchange exchange, FutureCallback<AttemptResponse> answered) {
      this.call = call;
      this.exchange = exchange;
      this.answered = answered;
      this.sentNanos = timing.nanoTime();
    }

    @Override
    public void consumeResponse(HttpResponse answer, EntityDetails details, HttpContext context,
        FutureCallback<AttemptResponse> resultCallback) {
      callback = resultCallback;
      Duration elapsed = Duration.ofNanos(timing.nanoTime() - sentNanos);
      if (details != null) {
        body = new ReceivedBody(details.getContentType(), details.getContentEncoding(), details.getContentLength(),
            rings, exchange::drop);
        exchange.body = body;
      }
      response = AttemptResponse.received(call.attempts(), answer.getCode(), Headers.toMap(answer.getHeaders()),
          elapsed, body, body);
      if (details == null) {
        callback.completed(response);
      } else if (call.handsOnBody) {
        answered.completed(response); // a body handed on to the caller is read by it as it comes
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
      if (call.aborted() != null) {
        // HttpClient's cancel does not reach an answer already being received: ending it here drops the connection.
        throw new InterruptedIOException("the call was aborted");
      }
      if (body.append(src)) {
        answered.completed(response); // the rest is read as it comes
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
        answered.completed(response);
      }
    }

    @Override
    public void releaseResources() {
      // HttpClient calls this once the connection is back in the pool (or before failed(): the body keeps what it has
      // until it is told how it ended).
      if (body != null) {
        body.connectionReleased();
      }
    }
  }

  /** A header sent as is, shown redacted when HttpClient's own loggers print it (credentials, sensitive headers). */
  private static final class ShownRedacted extends BasicHeader {
    private static final long serialVersionUID = 1L;
    private final transient Set<String> sensitive;

    ShownRedacted(String name, String value, Set<String> sensitive) {
      super(name, value);
      this.sensitive = sensitive;
    }

    @Override
    public String toString() {
      return getName() + ": " + Redaction.headerValue(getName(), getValue(), sensitive);
    }
  }
}
