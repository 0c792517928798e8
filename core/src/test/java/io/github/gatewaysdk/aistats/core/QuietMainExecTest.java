package io.github.gatewaysdk.aistats.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The blocking client's last step, in an HttpClient wired as the SDK's blocking transport wires it: what becomes of the
 * pooled connection when an answer's body is read to its end, its stream closed early or aborted, or the answer closed.
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
}
