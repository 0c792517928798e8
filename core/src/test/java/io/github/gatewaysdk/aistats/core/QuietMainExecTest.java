package io.github.gatewaysdk.aistats.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.ConnectionShutdownException;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.CancellableDependency;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.util.TimeValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The blocking client's last step, in an HttpClient wired as the SDK's blocking transport wires it: what becomes of the
 * pooled connection when an answer's body is read to its end, its stream closed early or aborted, or the answer closed.
 * HttpClient's own protocol step wraps a streamed body again and settles the connection itself too, so the step is
 * also run on its own, over a leased connection that says where it ended: back in the pool, or dropped.
 */
class QuietMainExecTest {
  private static final String FIRST = "{\"answer\":\"first\",\"padding\":\"" + "x".repeat(2000) + "\"}";
  private static final String SECOND = "{\"answer\":\"second\"}";

  private FaultServer server;
  private PoolingHttpClientConnectionManager pool;
  private CloseableHttpClient http;

  @BeforeEach
  void start() throws IOException {
    server = new FaultServer();
    pool = PoolingHttpClientConnectionManagerBuilder.create().build();
    http = HttpClients.custom()
        .setConnectionManager(pool)
        .disableAutomaticRetries()
        .disableContentCompression()
        .disableRedirectHandling()
        .replaceExecInterceptor(ChainElement.MAIN_TRANSPORT.name(), new QuietMainExec("quiet-test/1.0"))
        .build();
  }

  @AfterEach
  void stop() {
    http.close(CloseMode.IMMEDIATE);
    server.close();
  }

  @Test
  void aBodyReadToItsEndGivesTheConnectionBackForTheNextCall() throws IOException {
    server.then(FaultServer.json(200, FIRST), FaultServer.json(200, SECOND));
    ClassicHttpResponse first = open();
    InputStream body = first.getEntity().getContent();
    assertEquals(FIRST, readAll(body));
    assertPool(0, 1);

    assertEquals(SECOND, readAllAndClose(open()));
    assertEquals(1, server.connectionsAccepted());
  }

  @Test
  void aBodyStreamClosedHalfReadSkipsTheRestAndTheConnectionServesTheNextCall() throws IOException {
    server.then(FaultServer.json(200, FIRST), FaultServer.json(200, SECOND));
    ClassicHttpResponse first = open();
    InputStream body = first.getEntity().getContent();
    assertEquals('{', body.read());
    body.close();
    assertPool(0, 1);

    assertEquals(SECOND, readAllAndClose(open()));
    assertEquals(1, server.connectionsAccepted());
  }

  @Test
  void anAnswerClosedGracefullyUnreadSkipsItsBodyAndTheConnectionServesTheNextCall() throws IOException {
    server.then(FaultServer.json(200, FIRST), FaultServer.json(200, SECOND));
    ClassicHttpResponse first = open();
    first.close();
    assertPool(0, 1);

    assertEquals(SECOND, readAllAndClose(open()));
    assertEquals(1, server.connectionsAccepted());
  }

  @Test
  void anAnswerClosedImmediatelyDropsItsConnection() throws IOException {
    server.then(FaultServer.json(200, FIRST), FaultServer.json(200, SECOND));
    ClassicHttpResponse first = open();
    assertPool(1, 0);
    ((org.apache.hc.core5.io.ModalCloseable) first).close(CloseMode.IMMEDIATE);
    assertPool(0, 0);
    await(() -> server.connectionsClosed() == 1, "the server saw the dropped connection end");

    assertEquals(SECOND, readAllAndClose(open()));
    assertEquals(2, server.connectionsAccepted());
  }

  @Test
  void anAbortedBodyStreamDropsItsConnection() throws IOException {
    server.then(FaultServer.json(200, FIRST), FaultServer.json(200, SECOND));
    ClassicHttpResponse first = open();
    EofSensorInputStream body = (EofSensorInputStream) first.getEntity().getContent();
    assertEquals('{', body.read());
    body.abort();
    assertPool(0, 0);
    await(() -> server.connectionsClosed() == 1, "the server saw the aborted connection end");

    assertEquals(SECOND, readAllAndClose(open()));
    assertEquals(2, server.connectionsAccepted());
  }

  @Test
  void aBodyWrittenOutGivesTheConnectionBack() throws IOException {
    server.then(FaultServer.json(200, FIRST), FaultServer.json(200, SECOND));
    ClassicHttpResponse first = open();
    assertFalse(first.getEntity().isRepeatable(), "a body streamed off the connection is read once");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    first.getEntity().writeTo(out);
    assertEquals(FIRST, out.toString(StandardCharsets.UTF_8));
    assertPool(0, 1);

    assertEquals(SECOND, readAllAndClose(open()));
    assertEquals(1, server.connectionsAccepted());
  }

  @Test
  void anAnswerWithoutBodyGivesTheConnectionBackAtOnce() throws IOException {
    server.then(FaultServer.respond(204, "application/json", ""), FaultServer.json(200, SECOND));
    ClassicHttpResponse empty = open();
    assertEquals(204, empty.getCode());
    assertNull(empty.getEntity());
    assertPool(0, 1);

    assertEquals(SECOND, readAllAndClose(open()));
    assertEquals(1, server.connectionsAccepted());
  }

  /** A connection taken from the pool starts out reusable; the server's {@code Connection: close} must still end it. */
  @Test
  void aConnectionTheServerClosesIsNotKeptForTheNextCall() throws IOException {
    server.then(FaultServer.json(200, SECOND), FaultServer.json(200, SECOND, "Connection", "close"),
        FaultServer.json(200, SECOND));
    assertEquals(SECOND, readAllAndClose(open()));
    assertPool(0, 1);
    assertEquals(SECOND, readAllAndClose(open()));
    assertPool(0, 0);

    assertEquals(SECOND, readAllAndClose(open()));
    assertEquals(2, server.connectionsAccepted());
  }

  @Test
  void theRequestGoesOutWithItsHeadersAndTheContextNamesTheExchange() throws IOException {
    HttpClientContext context = HttpClientContext.create();
    HttpGet get = new HttpGet(URI.create(server.baseUrl() + "/models"));
    ClassicHttpResponse response = http.executeOpen(null, get, context);
    readAllAndClose(response);

    FaultServer.Request sent = server.requests().get(0);
    assertEquals("quiet-test/1.0", sent.header("User-Agent"));
    assertEquals("127.0.0.1:" + URI.create(server.baseUrl()).getPort(), sent.header("Host"));
    assertEquals("keep-alive", sent.header("Connection"));
    assertNotNull(context.getHttpRoute(), "the route the exchange took");
    assertEquals(URI.create(server.baseUrl()).getPort(), context.getHttpRoute().getTargetHost().getPort());
    assertEquals("quiet-test/1.0", context.getRequest().getFirstHeader("User-Agent").getValue(),
        "the context holds the request as sent, with the headers added on the way");
    assertEquals(200, context.getResponse().getCode());
  }

  private ClassicHttpResponse open() throws IOException {
    return http.executeOpen(null, new HttpGet(URI.create(server.baseUrl() + "/models")), HttpClientContext.create());
  }

  private static String readAll(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  private static String readAllAndClose(ClassicHttpResponse response) throws IOException {
    try (ClassicHttpResponse closing = response; InputStream body = closing.getEntity().getContent()) {
      return readAll(body);
    }
  }

  private void assertPool(int leased, int available) {
    PoolStats stats = pool.getTotalStats();
    assertEquals(leased, stats.getLeased(), () -> "leased connections: " + stats);
    assertEquals(available, stats.getAvailable(), () -> "pooled connections: " + stats);
  }

  private static void await(BooleanSupplier condition, String what) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean() && System.nanoTime() < end) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    assertTrue(condition.getAsBoolean(), what);
  }
  @Test
  void onItsOwnABodyReadToItsEndPutsTheConnectionBackForReuse() throws Exception {
    LeasedConnection connection = new LeasedConnection(answer(new InputStreamEntity(body(), 5,
        ContentType.TEXT_PLAIN)));
    ClassicHttpResponse response = runOver(connection);
    assertEquals("hello", readAll(response.getEntity().getContent()));
    assertEquals(LeasedConnection.End.POOLED, connection.end);
  }

  @Test
  void onItsOwnAnAbortedBodyDropsTheConnection() throws Exception {
    LeasedConnection connection = new LeasedConnection(answer(new InputStreamEntity(body(), 5,
        ContentType.TEXT_PLAIN)));
    EofSensorInputStream content = (EofSensorInputStream) runOver(connection).getEntity().getContent();
    assertEquals('h', content.read());
    content.abort();
    assertEquals(LeasedConnection.End.DROPPED, connection.end);
  }

  @Test
  void onItsOwnABodyWhoseRestCannotBeSkippedDropsTheConnection() throws Exception {
    IOException cutShort = new IOException("the body was cut short");
    InputStream failingOnClose = new FilterInputStream(body()) {
      @Override
      public void close() throws IOException {
        throw cutShort;
      }
    };
    LeasedConnection connection = new LeasedConnection(answer(new InputStreamEntity(failingOnClose, 5,
        ContentType.TEXT_PLAIN)));
    InputStream content = runOver(connection).getEntity().getContent();
    assertEquals('h', content.read());
    assertSame(cutShort, assertThrows(IOException.class, content::close));
    assertEquals(LeasedConnection.End.DROPPED, connection.end);
  }

  @Test
  void onItsOwnAStreamedBodyIsReadOnceThoughTheOneUnderItRepeats() throws Exception {
    HttpEntityWrapper repeatable = new HttpEntityWrapper(new InputStreamEntity(body(), 5, ContentType.TEXT_PLAIN)) {
      @Override
      public boolean isRepeatable() {
        return true;
      }
    };
    assertTrue(repeatable.isRepeatable());
    LeasedConnection connection = new LeasedConnection(answer(repeatable));
    assertFalse(runOver(connection).getEntity().isRepeatable());
  }

  @Test
  void onItsOwnAFailedExchangeDropsTheConnectionAndIsThrownAsItWas() {
    IOException reset = new IOException("connection reset");
    LeasedConnection connection = new LeasedConnection(reset);
    assertSame(reset, assertThrows(IOException.class, () -> runOver(connection)));
    assertEquals(LeasedConnection.End.DROPPED, connection.end);
  }

  @Test
  void onItsOwnAPoolShutDownUnderTheExchangeIsAnInterruptAndDropsTheConnection() {
    ConnectionShutdownException shutDown = new ConnectionShutdownException();
    LeasedConnection connection = new LeasedConnection(shutDown);
    InterruptedIOException e = assertThrows(InterruptedIOException.class, () -> runOver(connection));
    assertEquals("the connection pool was shut down", e.getMessage());
    assertSame(shutDown, e.getCause());
    assertEquals(LeasedConnection.End.DROPPED, connection.end);
  }

  private static ClassicHttpResponse runOver(LeasedConnection connection) throws Exception {
    HttpRoute route = new HttpRoute(new HttpHost("http", "127.0.0.1", 8080));
    HttpGet get = new HttpGet("http://127.0.0.1:8080/v1/models");
    return new QuietMainExec("quiet-test/1.0").execute(get,
        new ExecChain.Scope("ex-1", route, get, connection, HttpClientContext.create()), null);
  }

  private static InputStream body() {
    return new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8));
  }

  private static ClassicHttpResponse answer(org.apache.hc.core5.http.HttpEntity entity) {
    BasicClassicHttpResponse response = new BasicClassicHttpResponse(200, "OK");
    response.addHeader("Content-Length", "5");
    response.setEntity(entity);
    return response;
  }

  /**
   * One leased connection, as HttpClient's runtime holds it: its exchange answers or fails as told, and it ends back in
   * the pool (released while reusable) or dropped (discarded, or released when not reusable).
   */
  private static final class LeasedConnection implements ExecRuntime {
    enum End { HELD, POOLED, DROPPED }

    private final ClassicHttpResponse answer;
    private final Exception failure;
    End end = End.HELD;
    private boolean open = true;
    private boolean reusable = true;

    LeasedConnection(ClassicHttpResponse answer) {
      this.answer = answer;
      this.failure = null;
    }

    LeasedConnection(Exception failure) {
      this.answer = null;
      this.failure = failure;
    }

    @Override
    public ClassicHttpResponse execute(String id, ClassicHttpRequest request, HttpClientContext context)
        throws IOException {
      if (failure instanceof IOException) {
        throw (IOException) failure;
      }
      if (failure != null) {
        throw (RuntimeException) failure;
      }
      return answer;
    }

    @Override
    public void releaseEndpoint() {
      if (end == End.HELD) {
        end = reusable && open ? End.POOLED : End.DROPPED;
      }
    }

    @Override
    public void discardEndpoint() {
      if (end == End.HELD) {
        end = End.DROPPED;
      }
    }

    @Override
    public boolean isEndpointConnected() {
      return end == End.HELD && open;
    }

    @Override
    public void disconnectEndpoint() {
      open = false;
    }

    @Override
    public boolean isExecutionAborted() {
      return false;
    }

    @Override
    public boolean isEndpointAcquired() {
      return end == End.HELD;
    }

    @Override
    public void acquireEndpoint(String id, HttpRoute route, Object state, HttpClientContext context) {
      throw new UnsupportedOperationException("leased already");
    }

    @Override
    public void connectEndpoint(HttpClientContext context) {
    }

    @Override
    public void upgradeTls(HttpClientContext context) {
      throw new UnsupportedOperationException("plain HTTP");
    }

    @Override
    public boolean isConnectionReusable() {
      return reusable;
    }

    @Override
    public void markConnectionReusable(Object state, TimeValue validDuration) {
      reusable = true;
    }

    @Override
    public void markConnectionNonReusable() {
      reusable = false;
    }

    @Override
    public ExecRuntime fork(CancellableDependency dependency) {
      throw new UnsupportedOperationException("one exchange");
    }
  }
}
