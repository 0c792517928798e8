package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.Headers;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
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
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultClientConnectionReuseStrategy;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.routing.RoutingSupport;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.CharCodingConfig;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.nio.ClientHttp1IOEventHandler;
import org.apache.hc.core5.http.impl.nio.ClientHttp1StreamDuplexerFactory;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.nio.command.ShutdownCommand;
import org.apache.hc.core5.http.nio.entity.BasicAsyncEntityProducer;
import org.apache.hc.core5.http.nio.support.BasicClientExchangeHandler;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http.protocol.HttpProcessorBuilder;
import org.apache.hc.core5.http.protocol.RequestContent;
import org.apache.hc.core5.http.protocol.RequestTargetHost;
import org.apache.hc.core5.http.protocol.RequestUserAgent;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.reactor.Command;
import org.apache.hc.core5.reactor.DefaultConnectingIOReactor;
import org.apache.hc.core5.reactor.IOReactorConfig;

/**
 * The asynchronous form's transport, started by a client's first asynchronous call: HttpCore 5's I/O reactor with
 * HttpClient 5's async pool (the same limits, timeouts, address checks and TLS as the blocking one), each attempt
 * run by an {@link AsyncExchange}, a timer for the waits before retries, and the
 * default executor on which asynchronous calls run their steps and complete. An answer is handed on once its body
 * ended or fills a window ({@link ReceivedBody}), the rest read as it comes. Every thread it starts is a daemon named
 * {@code ai-stats-*}; {@link #close()} stops them all.
 */
final class AsyncTransport implements Transport {
  /** I/O threads: each serves many connections; the work of a call (JSON, interceptors) runs on the executor. */
  static final int IO_THREADS = Math.min(2, Runtime.getRuntime().availableProcessors());
  /** Threads of the default executor: as many as cores, at least two, so a slow callback does not stall the rest. */
  static final int DEFAULT_EXECUTOR_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

  private final HttpSettings settings;
  private final Timing timing;
  private final DefaultConnectingIOReactor reactor;
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
        .setDefaultTlsConfig(AsyncExchange.HTTP_1)
        .build();
    // No stream listener: HttpClient's own would log every header of every answer.
    ClientHttp1StreamDuplexerFactory http1 = new ClientHttp1StreamDuplexerFactory(
        HttpProcessorBuilder.create()
            .add(new RequestContent())
            .add(new RequestTargetHost())
            .add(new RequestUserAgent(UserAgent.value()))
            .build(),
        Http1Config.DEFAULT, CharCodingConfig.DEFAULT, DefaultClientConnectionReuseStrategy.INSTANCE, null, null, null);
    reactor = new DefaultConnectingIOReactor(
        (session, attachment) -> new ClientHttp1IOEventHandler(http1.create(session)),
        IOReactorConfig.custom().setIoThreadCount(IO_THREADS).build(),
        daemons("ai-stats-io-"),
        null, // no session decorator: HttpClient's default one logs every byte, the API key included, at DEBUG
        // A race of the I/O threads with close() is expected, so only at DEBUG.
        e -> {
          if (e instanceof ClosedSelectorException) {
            Log.LOG.debug("I/O thread ended by close(): {}", e.toString());
          } else {
            Log.LOG.warn("HttpClient's I/O thread failed: {}", e.toString(), e);
          }
        },
        null,
        session -> session.enqueue(new ShutdownCommand(CloseMode.GRACEFUL), Command.Priority.IMMEDIATE));
    reactor.start();
    timer = new ScheduledThreadPoolExecutor(1, daemons("ai-stats-timer-"));
    timer.setRemoveOnCancelPolicy(true);
    long evictionMillis = HttpSettings.IDLE_EVICTION.toMilliseconds();
    timer.scheduleWithFixedDelay(() -> {
      pool.closeExpired();
      pool.closeIdle(HttpSettings.IDLE_EVICTION);
    }, evictionMillis, evictionMillis, TimeUnit.MILLISECONDS);
    defaultExecutor = new ThreadPoolExecutor(DEFAULT_EXECUTOR_THREADS, DEFAULT_EXECUTOR_THREADS, 0, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), daemons("ai-stats-async-"));
  }

  @Override
  public CompletableFuture<AttemptResponse> send(CallState call, AttemptRequest attempt) {
    CompletableFuture<AttemptResponse> answer = new CompletableFuture<>();
    AtomicBoolean settled = new AtomicBoolean(); // a failure may be reported after the answer: the first counts
    BasicHttpRequest message = new BasicHttpRequest(attempt.method(), attempt.uri());
    for (Map.Entry<String, String> header : attempt.rawHeaders().entrySet()) {
      message.addHeader(header.getKey(), header.getValue());
    }
    HttpClientContext context = HttpClientContext.create();
    SendGate.attach(context, call);
    AsyncExchange exchange = new AsyncExchange(pool, reactor, context);
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
      RequestConfig timeouts = settings.attemptConfig(call);
      HttpHost target = RoutingSupport.normalize(RoutingSupport.determineHost(message),
          DefaultSchemePortResolver.INSTANCE);
      exchange.start(new BasicClientExchangeHandler<>(new BasicRequestProducer(message, body),
              new Receiver(call, exchange, done), done),
          new HttpRoute(target, null, URIScheme.HTTPS.same(target.getSchemeName())),
          timeouts.getConnectionRequestTimeout(), settings.connections.getConnectTimeout(),
          timeouts.getResponseTimeout());
    } catch (IOException | HttpException | RuntimeException e) {
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
    reactor.close(CloseMode.IMMEDIATE);
    pool.close(CloseMode.IMMEDIATE);
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

  /**
   * Receives one answer: status and headers, then its body ({@link ReceivedBody}). The answer is handed on once its
   * body has ended or fills the window, so a small answer is read without waiting and a large one is read as it comes,
   * by the reader on the call's executor, within the window.
   */
  private final class Receiver implements AsyncResponseConsumer<AttemptResponse> {
    private final CallState call;
    private final AsyncExchange exchange;
    /**
     * The attempt's own answer, completed when the answer is handed on before its end. The exchange's result callback
     * is completed only at the end: completing it releases this receiver, which tells the body that the connection
     * is back in the pool.
     */
    private final FutureCallback<AttemptResponse> answered;
    private final long sentNanos;
    private FutureCallback<AttemptResponse> callback;
    private AttemptResponse response;
    private ReceivedBody body;

    Receiver(CallState call, AsyncExchange exchange, FutureCallback<AttemptResponse> answered) {
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
            rings, exchange::discard);
        exchange.received(body);
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
        // An abort closes the connection, but bytes already read would still be handed on: ending here stops them.
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
      // Called once the connection is back in the pool (AsyncExchange gives it back before the answer's end), or
      // before failed(): the body keeps what it has until it is told how it ended.
      if (body != null) {
        body.connectionReleased();
      }
    }
  }
}
