package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.ApiCore;
import static io.github.gatewaysdk.aistats.core.TestSupport.assertNoLeasedConnections;
import static io.github.gatewaysdk.aistats.core.TestSupport.clientFor;
import static io.github.gatewaysdk.aistats.core.TestSupport.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gatewaysdk.aistats.errors.AiStatsConnectionException;
import io.github.gatewaysdk.aistats.errors.AiStatsException;
import io.github.gatewaysdk.aistats.errors.AiStatsTimeoutException;
import io.github.gatewaysdk.aistats.errors.MalformedResponseException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.hc.core5.pool.PoolStats;
import io.github.gatewaysdk.aistats.core.TestSupport.Form;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A server that works against the client, and a client closed under its callers: every call still ends typed,
 * within its deadline plus a small margin, with no attempt started after the deadline and no connection leased
 * afterwards. Real time throughout.
 */
class HostileServerTest extends LiveServerTest {
  private static final long SLACK_MILLIS = 500;

  /**
   * A call whose deadline passed while it waited for the pool's one connection sends nothing when that connection
   * comes free. The clock the core reads is moved past both deadlines while the deadline watcher still sleeps, so the
   * freed connection always reaches the waiting call first, and only the last check before sending can stop it.
   */
  @ParameterizedTest
  @EnumSource(Form.class)
  void aCallWhoseDeadlinePassedWhileItWaitedForAConnectionSendsNothing(Form form) throws Exception {
    server.then(FaultServer.after(300, FaultServer.json(400, "{}"))); // frees the connection
    MovedClock moved = new MovedClock();
    TestClient c = client(clientFor(server.baseUrl(), moved).responseTimeout(Duration.ofSeconds(30))
        .timeout(Duration.ofSeconds(60)).maxConnections(1));
    Future<?> holding = callers.submit(() -> form.edit(c, request()));
    awaitRequests(1);
    Future<?> waiting = callers.submit(() -> form.edit(c, request()));
    Supplier<PoolStats> pool = form == Form.BLOCKING ? c::poolStats : c::asyncPoolStats;
    TestSupport.awaitPool(pool, stats -> stats.getPending() == 1, "the second call waiting for the connection");
    moved.move(Duration.ofSeconds(120));
    ExecutionException failure = assertThrows(ExecutionException.class, () -> waiting.get(5, TimeUnit.SECONDS));
    assertInstanceOf(AiStatsTimeoutException.class, failure.getCause());
    assertThrows(ExecutionException.class, () -> holding.get(5, TimeUnit.SECONDS));
    TestSupport.awaitPool(pool, stats -> stats.getLeased() == 0 && stats.getPending() == 0, "the pool idle");
    assertEquals(1, server.requestCount(), "requests the server saw");
  }

  /** Reading a trickled 503 used to run to the deadline, after which the retry was sent anyway. */
  @ParameterizedTest
  @EnumSource(Form.class)
  void noAttemptStartsAfterTheDeadline(Form form) {
    server.then(FaultServer.trickleStatus(503, "Retry-After", "1"));
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM).responseTimeout(Duration.ofSeconds(30))
        .timeout(Duration.ofMillis(1500)));
    long started = System.nanoTime();
    AiStatsTimeoutException e = assertThrows(AiStatsTimeoutException.class, () -> form.edit(c, request()));
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertTrue(tookMillis < 1500 + SLACK_MILLIS, "ended after " + tookMillis + " ms");
    assertTrue(e.getMessage().contains("did not finish within its 1500 ms deadline"), e.getMessage());
    sleepMillis(1200); // when a late retry would have arrived
    assertEquals(1, server.requestCount(), "attempts the server saw");
  }

  /** Whatever the server echoes, an error's headers show no credential: the key nowhere, cookies redacted. */
  @ParameterizedTest
  @EnumSource(Form.class)
  void anErrorShowsNoCredentialTheServerEchoed(Form form) {
    server.then(FaultServer.json(401, "{}", "X-Echo", "Bearer " + TestSupport.API_KEY, "Set-Cookie", "s=secret"));
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM));
    io.github.gatewaysdk.aistats.errors.AuthenticationException e = assertThrows(
        io.github.gatewaysdk.aistats.errors.AuthenticationException.class, () -> form.edit(c, request()));
    assertEquals(List.of("Bearer <redacted>"), e.headers().get("x-echo"));
    assertEquals(List.of("<redacted>"), e.headers().get("Set-Cookie"));
    assertEquals(List.of("application/json"), e.headers().get("content-type"));
    // The same accessors as RawResponse and AttemptResponse: any case, the first value as headers() shows it.
    assertEquals("<redacted>", e.header("SET-COOKIE"));
    assertEquals("Bearer <redacted>", e.header("X-Echo"));
    assertNull(e.header("x-request-id"));
  }

  /** A connection the server closed while it sat in the pool is not used: the call goes out on a new one. */
  @ParameterizedTest
  @EnumSource(Form.class)
  void aPooledConnectionTheServerClosedIsNotUsed(Form form) throws Exception {
    server.otherwise(FaultServer.closesWhenIdle(100));
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM).maxRetries(0));
    form.edit(c, request());
    // The scenario: the connection sits idle in the pool until the server has closed it.
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      while (server.connectionsClosed() == 0) {
        Thread.sleep(10);
      }
    });
    form.edit(c, request());
    assertEquals(2, server.requestCount());
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void silenceInsideASuccessBodyIsATimeout(Form form) {
    server.then(FaultServer.partialThenSilent());
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM).responseTimeout(Duration.ofMillis(300)));
    AiStatsTimeoutException e = assertTimeoutPreemptively(Duration.ofMillis(300 + SLACK_MILLIS * 2),
        () -> assertThrows(AiStatsTimeoutException.class, () -> form.edit(c, request())));
    assertTrue(e.getMessage().contains("received the 200 answer's headers, then no more of its body within the 300 ms"
        + " response timeout"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void aResetInsideASuccessBodyIsAConnectionError(Form form) {
    server.then(FaultServer.partialThenReset());
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM));
    AiStatsConnectionException e = assertThrows(AiStatsConnectionException.class, () -> form.edit(c, request()));
    assertTrue(e.getMessage().startsWith("POST /images/edits failed while reading the 200 answer"), e.getMessage());
  }

  @Test
  void closeEndsACallWaitingForAPooledConnection() throws Exception {
    server.otherwise(FaultServer.silent());
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM).responseTimeout(Duration.ofSeconds(30))
        .timeout(Duration.ofSeconds(60)).maxConnections(1));
    Future<?> holding = callers.submit(() -> c.images().edit(request()));
    awaitRequests(1);
    Future<?> waiting = callers.submit(() -> c.images().edit(request()));
    sleepMillis(200); // the second caller is now waiting for the pool's one connection
    c.close();
    for (Future<?> call : List.of(holding, waiting)) {
      ExecutionException failure = assertThrows(ExecutionException.class, () -> call.get(2, TimeUnit.SECONDS));
      assertEquals("POST /images/edits failed: the client was closed",
          assertInstanceOf(AiStatsException.class, failure.getCause()).getMessage());
    }
    assertEquals(1, server.requestCount());
  }

  @Test
  void closeEndsACallWaitingToRetry() throws Exception {
    server.then(FaultServer.json(429, "{}", "Retry-After", "30"));
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM).timeout(Duration.ofSeconds(60)));
    Future<?> call = callers.submit(() -> c.images().edit(request()));
    awaitRequests(1);
    sleepMillis(200);
    c.close();
    ExecutionException failure = assertThrows(ExecutionException.class, () -> call.get(2, TimeUnit.SECONDS));
    assertEquals("POST /images/edits failed: the client was closed",
        assertInstanceOf(AiStatsException.class, failure.getCause()).getMessage());
    assertEquals(1, server.requestCount());
  }

  /** The reader's limits follow the SDK's bounds: a b64_json of the largest image reads, one character more fails. */
  @Test
  void aResultStringJustUnderTheBoundIsReadAndJustOverItIsRejected() {
    String before = "{\"created\":1,\"data\":[{\"b64_json\":\"";
    String after = "\"}]}";
    server.then(FaultServer.jsonWithLongString(before, 'A', ApiCore.MAX_JSON_STRING_CHARS, after),
        FaultServer.jsonWithLongString(before, 'A', ApiCore.MAX_JSON_STRING_CHARS + 1, after));
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM).responseTimeout(Duration.ofSeconds(30))
        .timeout(Duration.ofSeconds(60)));
    assertEquals(ApiCore.MAX_JSON_STRING_CHARS, c.images().edit(request()).getData().get(0).getB64Json().length());
    MalformedResponseException e = assertThrows(MalformedResponseException.class, () -> c.images().edit(request()));
    assertTrue(e.getMessage().contains("the JSON body could not be read"), e.getMessage());
  }

  /** The whole answer's bound, exercised at a small size (the documented one is the default: checked first). */
  @ParameterizedTest
  @EnumSource(Form.class)
  void aJsonAnswerJustUnderItsBoundIsReadAndJustOverItIsRejected(Form form) {
    try (TestClient standard = clientFor(server.baseUrl(), Timing.SYSTEM).build()) {
      assertEquals(ApiCore.MAX_JSON_DOCUMENT_BYTES, standard.core.engine.maxJsonDocumentBytes);
    }
    String before = "{\"created\":1,\"data\":[{\"b64_json\":\"";
    String after = "\"}]}";
    int length = before.length() + 100_000 + after.length();
    for (int bound : new int[] {length, length - 1}) {
      server.then(FaultServer.jsonWithLongString(before, 'A', 100_000, after));
      try (TestClient c = clientFor(server.baseUrl(), Timing.SYSTEM).maxJsonDocumentBytes(bound).build()) {
        if (bound == length) {
          assertEquals(100_000, form.edit(c, request()).getData().get(0).getB64Json().length());
        } else {
          MalformedResponseException e = assertThrows(MalformedResponseException.class,
              () -> form.edit(c, request()));
          assertTrue(e.getMessage().endsWith("the body is larger than " + bound + " bytes, more than any answer of"
              + " this API"), e.getMessage());
        }
        assertNoLeasedConnections(c);
      }
    }
  }


}
