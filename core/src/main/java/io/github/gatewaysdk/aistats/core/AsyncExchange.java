package io.github.gatewaysdk.aistats.core;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.DefaultClientConnectionReuseStrategy;
import org.apache.hc.client5.http.impl.DefaultConnectionKeepAliveStrategy;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.nio.AsyncConnectionEndpoint;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncClientExchangeHandler;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.apache.hc.core5.http.nio.RequestChannel;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.ConnectionInitiator;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * One attempt of an asynchronous call on one connection: leases it from the pool (connecting it when new), checks
 * that the call may still send ({@link SendGate}), runs the exchange on the connection's HTTP/1.1 handler, and gives
 * the connection back once both messages have ended, before the answer is handed on, so that the caller's next call
 * finds it free. An exchange that failed or was aborted drops its connection.
 *
 * <p>HttpClient's async client did this before, but its protocol handler logs every answer header on a logger of
 * its own, an API key a server echoes included, with no hook to stop it; the pool, the resolver with its address
 * checks and TLS are still HttpClient's.
 */
final class AsyncExchange implements Cancellable {
  /** The blocking client speaks HTTP/1.1 only; TLS offers the same. */
  static final TlsConfig HTTP_1 = TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build();
  private static final String ID = "ai-stats";

  private final PoolingAsyncClientConnectionManager pool;
  private final ConnectionInitiator reactor;
  private final HttpClientContext context;
  private AsyncClientExchangeHandler handler;
  /** The request and the answer: the connection goes back once both have ended. */
  private final AtomicInteger messagesToEnd = new AtomicInteger(2);
  private final AtomicBoolean released = new AtomicBoolean();
  private volatile boolean cancelled;
  /** The lease or the connect under way, cancelled by an abort. */
  private final AtomicReference<Future<?>> pending = new AtomicReference<>();
  private volatile AsyncConnectionEndpoint endpoint;
  private volatile ReceivedBody body;
  private final OnConnection onConnection = new OnConnection();
  private HttpRequest request;
  private boolean reusable;
  /** How long the server keeps the connection idle, from its answer (zero: no limit of its own). */
  private TimeValue keepAlive = TimeValue.ZERO_MILLISECONDS;

  AsyncExchange(PoolingAsyncClientConnectionManager pool, ConnectionInitiator reactor, HttpClientContext context) {
    this.pool = pool;
    this.reactor = reactor;
    this.context = context;
  }

  /**
   * Leases a connection for {@code route} within {@code leaseTimeout}, connects it within {@code connectTimeout} if
   * it is new, then runs {@code exchange} on it with {@code responseTimeout} as the socket's timeout. Failures before
   * the exchange starts reach {@code exchange.failed}.
   */
  void start(AsyncClientExchangeHandler exchange, HttpRoute route, Timeout leaseTimeout, Timeout connectTimeout,
      Timeout responseTimeout) {
    handler = exchange;
    Future<?> lease = pool.lease(ID, route, null, leaseTimeout, new Step() {
      @Override
      public void completed(AsyncConnectionEndpoint leased) {
        endpoint = leased;
        if (cancelled) {
          fail(new CancellationException("the call was aborted"));
        } else if (leased.isConnected()) {
          execute(leased, responseTimeout);
        } else {
          pending.set(pool.connect(leased, reactor, connectTimeout, HTTP_1, context, new Step() {
            @Override
            public void completed(AsyncConnectionEndpoint connected) {
              execute(connected, responseTimeout);
            }
          }));
        }
      }
    });
    pending.compareAndSet(null, lease); // unless the lease completed at once and a connect is under way
  }

  private void execute(AsyncConnectionEndpoint connected, Timeout responseTimeout) {
    if (cancelled) {
      fail(new CancellationException("the call was aborted"));
      return;
    }
    try {
      SendGate.check(context);
    } catch (InterruptedIOException e) {
      fail(e);
      return;
    }
    connected.setSocketTimeout(responseTimeout);
    connected.execute(ID, onConnection, context);
  }

  /** Ends the exchange before it ran: the connection, if any, goes back unused unless the exchange was aborted. */
  private void fail(Exception cause) {
    release(!cancelled);
    handler.failed(cause);
  }

  /** An abort: the lease or connect is cancelled, the connection dropped, a reader of the body woken. */
  @Override
  public boolean cancel() {
    cancelled = true;
    Future<?> waiting = pending.get();
    if (waiting != null) {
      waiting.cancel(true);
    }
    if (endpoint != null) {
      discard();
    }
    ReceivedBody received = body;
    if (received != null) {
      received.endedBy(new InterruptedIOException("the call was aborted"));
    }
    return true;
  }

  /** Drops the connection: what is still coming of this answer is not wanted. */
  void discard() {
    release(false);
  }

  /** The answer's body, woken by an abort. */
  void received(ReceivedBody received) {
    body = received;
  }

  private void release(boolean reuse) {
    AsyncConnectionEndpoint leased = endpoint;
    if (leased == null || !released.compareAndSet(false, true)) {
      return;
    }
    if (!reuse) {
      leased.close(CloseMode.IMMEDIATE);
    }
    pool.release(leased, null, reuse ? keepAlive : TimeValue.ZERO_MILLISECONDS);
  }

  private void messageEnded() {
    if (messagesToEnd.decrementAndGet() == 0) {
      release(reusable);
    }
  }

  /** The exchange as the connection runs it: counts the messages' ends and gives the connection back. */
  private final class OnConnection implements AsyncClientExchangeHandler {
    /** The connection's channel for the request body, as the handler last gave it. */
    private DataStreamChannel outgoing;
    /** Writes to that channel, counting the request's end. */
    private final DataStreamChannel endCounting = new DataStreamChannel() {
      @Override
      public void requestOutput() {
        outgoing.requestOutput();
      }

      @Override
      public int write(ByteBuffer src) throws IOException {
        return outgoing.write(src);
      }

      @Override
      public void endStream() throws IOException {
        endStream(null);
      }

      @Override
      public void endStream(List<? extends Header> trailers) throws IOException {
        outgoing.endStream(trailers);
        messageEnded();
      }
    };

    @Override
    public void produceRequest(RequestChannel channel, HttpContext exchangeContext) throws HttpException, IOException {
      handler.produceRequest((message, entity, sendContext) -> {
        request = message;
        channel.sendRequest(message, entity, sendContext);
        if (entity == null) {
          messageEnded();
        }
      }, exchangeContext);
    }

    @Override
    public int available() {
      return handler.available();
    }

    @Override
    public void produce(DataStreamChannel channel) throws IOException {
      outgoing = channel;
      handler.produce(endCounting);
    }

    @Override
    public void consumeInformation(HttpResponse response, HttpContext exchangeContext)
        throws HttpException, IOException {
      handler.consumeInformation(response, exchangeContext);
    }

    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext exchangeContext)
        throws HttpException, IOException {
      reusable = DefaultClientConnectionReuseStrategy.INSTANCE.keepAlive(request, response, exchangeContext);
      keepAlive = DefaultConnectionKeepAliveStrategy.INSTANCE.getKeepAliveDuration(response, context);
      if (entity == null) {
        messageEnded();
      }
      handler.consumeResponse(response, entity, exchangeContext);
    }

    @Override
    public void updateCapacity(CapacityChannel capacity) throws IOException {
      handler.updateCapacity(capacity);
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
      handler.consume(src);
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) throws HttpException, IOException {
      messageEnded();
      handler.streamEnd(trailers);
    }

    @Override
    public void failed(Exception cause) {
      discard();
      handler.failed(cause);
    }

    @Override
    public void releaseResources() {
      // Called when the exchange is over, whichever way: a connection not given back by then is not reusable.
      discard();
      handler.releaseResources();
    }

    @Override
    public void cancel() {
      discard();
      handler.cancel();
    }
  }

  /** A step before the exchange: its failure or cancel ends the exchange. */
  private abstract class Step implements FutureCallback<AsyncConnectionEndpoint> {
    @Override
    public void failed(Exception cause) {
      fail(cause);
    }

    @Override
    public void cancelled() {
      fail(new CancellationException("the call was aborted"));
    }
  }
}
