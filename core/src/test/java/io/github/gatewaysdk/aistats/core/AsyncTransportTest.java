package io.github.gatewaysdk.aistats.core;

import static io.github.gatewaysdk.aistats.core.TestSupport.clientFor;
import static io.github.gatewaysdk.aistats.core.TestSupport.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gatewaysdk.aistats.errors.AiStatsConnectionException;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The asynchronous form's transport over HttpClient 5's non-blocking client, as a caller sees it. */
class AsyncTransportTest extends LiveServerTest {
  /** A client whose answers may take their time: a test ends an exchange itself, well before any timeout would. */
  private TestClient patientClient() {
    return client(clientFor(server.baseUrl(), Timing.SYSTEM)
        .responseTimeout(Duration.ofSeconds(30))
        .timeout(Duration.ofSeconds(60)));
  }

  private static List<Thread> sdkThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
        .filter(thread -> thread.getName().startsWith("ai-stats-")).collect(Collectors.toList());
  }

  @Test
  void everyThreadTheAsynchronousClientStartsIsADaemon() throws Exception {
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM));
    assertEquals(1, c.images().editAsync(request()).get(10, TimeUnit.SECONDS).getData().size());
    List<Thread> threads = sdkThreads();
    assertFalse(threads.isEmpty());
    for (Thread thread : threads) {
      assertTrue(thread.isDaemon(), thread.getName() + " would keep the JVM from exiting");
    }
  }

  /** An answer that fills the window before it ends: the rest is granted as it is read, not waited for. */
  @Test
  void anAnswerLargerThanTheWindowIsReadWhole() throws Exception {
    int length = 3 * ReceivedBody.WINDOW;
    server.then(FaultServer.jsonWithLongString("{\"created\":1,\"data\":[{\"b64_json\":\"", 'A', length, "\"}]}"));
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM));
    ImagesEditResponse response = c.images().editAsync(request()).get(10, TimeUnit.SECONDS);
    assertEquals(length, response.getData().get(0).getB64Json().length());
  }

  @Test
  void anAnswerWithoutBodyCompletesTheCall() throws Exception {
    server.then((request, socket, out) -> {
      out.write("HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      return true;
    });
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM));
    byte[] body = c.downloadAsync(URI.create(server.baseUrl() + "/files/1")).get(10, TimeUnit.SECONDS);
    assertArrayEquals(new byte[0], body);
  }

  /**
   * Cancelling an exchange waiting for its answer, or for the rest of its body, drops its connection at once:
   * HttpClient's own cancel does not always reach it.
   */
  @ParameterizedTest
  @ValueSource(strings = {"the answer", "the rest of the body"})
  void cancellingWhileWaitingClosesTheConnectionAtOnce(String waitingFor) {
    server.then(waitingFor.equals("the answer") ? FaultServer.silent() : FaultServer.partialThenSilent());
    CompletableFuture<ImagesEditResponse> future = patientClient().images().editAsync(request());
    awaitRequests(1);
    assertTrue(future.cancel(true));
    assertThrows(CancellationException.class, future::join);
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      while (server.connectionsClosed() < 1) {
        Thread.sleep(5);
      }
    }, "the server still holds the connection");
  }

  /** A binary answer whose connection is reset after a few bytes, handed on before its end. */
  @Test
  void aBodyCutByAResetFailsItsReaderWithTheReset() throws Exception {
    server.then((request, socket, out) -> {
      out.write("HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\nContent-Length: 100000\r\n\r\nabc"
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return FaultServer.reset().respond(request, socket, out);
    });
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM));
    try (BinaryResponse speech = c.speechAsync().get(10, TimeUnit.SECONDS)) {
      AiStatsConnectionException e = assertThrows(AiStatsConnectionException.class, speech::bytes);
      assertInstanceOf(SocketException.class, e.getCause(), "the reset as the socket reported it, not wrapped");
      assertEquals("POST /audio/speech failed while reading the 200 answer: SocketException Connection reset",
          e.getMessage());
    }
  }

  /** A call cancelled while it waits for a connection never opens one, even once the pool has room again. */
  @Test
  void aCallCancelledWhileWaitingForAConnectionNeverOpensOne() throws Exception {
    server.then(FaultServer.silent());
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM).maxConnections(1)
        .responseTimeout(Duration.ofSeconds(30)).timeout(Duration.ofSeconds(60)));
    CompletableFuture<ImagesEditResponse> holder = c.images().editAsync(request());
    awaitRequests(1);
    CompletableFuture<ImagesEditResponse> waiting = c.images().editAsync(request());
    TestSupport.awaitPool(c::asyncPoolStats, pool -> pool.getPending() == 1, "a call waiting for the connection");
    assertTrue(waiting.cancel(true));
    assertTrue(holder.cancel(true));
    TestSupport.awaitPool(c::asyncPoolStats, pool -> pool.getPending() == 0 && pool.getLeased() == 0,
        "the pool once both calls ended");
    CompletableFuture<ImagesEditResponse> next = c.images().editAsync(request());
    assertEquals(1, next.get(10, TimeUnit.SECONDS).getData().size(), "the next call has the pool to itself");
    assertEquals(2, server.connectionsAccepted(), "the first call's connection and the next call's");
    assertEquals(2, server.requestCount());
  }

  /**
   * The connection goes back to the pool before the answer is handed on: a caller that sends its next call as soon as
   * one completes finds it free, so sequential calls share one connection.
   */
  @Test
  void sequentialCallsShareOneConnectionBackInThePoolBeforeTheAnswerIsHandedOn() throws Exception {
    server.otherwise(FaultServer.json(200, FaultServer.OK_BODY));
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM));
    for (int i = 0; i < 5; i++) {
      int leasedWhenAnswered = c.images().editAsync(request())
          .thenApply(answer -> c.asyncPoolStats().getLeased())
          .get(10, TimeUnit.SECONDS);
      assertEquals(0, leasedWhenAnswered, "call " + i + ": the connection was still leased when its answer came");
    }
    assertEquals(1, server.connectionsAccepted(), "five calls one after another");
    assertEquals(5, server.requestCount());
  }
}
