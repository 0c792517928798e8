package io.github.gatewaysdk.aistats.core;

import static io.github.gatewaysdk.aistats.core.TestSupport.API_KEY;
import static io.github.gatewaysdk.aistats.core.TestSupport.assertNoLeasedConnections;
import static io.github.gatewaysdk.aistats.core.TestSupport.clientFor;
import static io.github.gatewaysdk.aistats.core.TestSupport.failsWithin;
import static io.github.gatewaysdk.aistats.core.TestSupport.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gatewaysdk.aistats.errors.AiStatsConnectionException;
import io.github.gatewaysdk.aistats.errors.AiStatsException;
import io.github.gatewaysdk.aistats.errors.AiStatsTimeoutException;
import io.github.gatewaysdk.aistats.errors.InternalServerException;
import io.github.gatewaysdk.aistats.errors.MalformedResponseException;
import io.github.gatewaysdk.aistats.errors.RateLimitException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import io.github.gatewaysdk.aistats.core.TestSupport.Form;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fault ends in the right typed exception (or success) in bounded time, and leaks no pooled connection: for the
 * blocking and the asynchronous form of a call alike.
 */
class FaultToleranceTest {
  private FaultServer server;
  private FakeTiming timing;
  private TestClient client;

  @BeforeEach
  void start() throws Exception {
    server = new FaultServer();
    timing = new FakeTiming();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      assertNoLeasedConnections(client);
      client.close();
    }
    server.close();
  }

  private TestClient client() {
    client = clientFor(server.baseUrl(), timing).build();
    return client;
  }

  static Stream<Arguments> brokenAnswers() {
    return Stream.of(Form.values()).flatMap(form -> brokenAnswerCases().map(
        fault -> Arguments.of(form, fault.get()[0], fault.get()[1], fault.get()[2])));
  }

  private static Stream<Arguments> brokenAnswerCases() {
    return Stream.of(
        Arguments.of("connection reset", FaultServer.reset(), AiStatsConnectionException.class),
        Arguments.of("no answer at all", FaultServer.noAnswer(), AiStatsConnectionException.class),
        Arguments.of("malformed chunked body", FaultServer.malformedChunked(), AiStatsConnectionException.class),
        Arguments.of("random bytes then close", FaultServer.garbage(), AiStatsConnectionException.class),
        Arguments.of("truncated JSON", FaultServer.truncatedJson(), MalformedResponseException.class),
        Arguments.of("200 with an HTML page", FaultServer.html(), MalformedResponseException.class),
        Arguments.of("500", FaultServer.json(500, "{\"error\":{\"message\":\"boom\"}}"),
            InternalServerException.class),
        Arguments.of("502", FaultServer.respond(502, "text/html", "<h1>bad gateway</h1>"),
            InternalServerException.class));
  }

  /** A POST that may have reached the gateway is not sent again: one request, one typed failure. */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("brokenAnswers")
  void brokenAnswerFailsTypedWithoutRetry(Form form, String name, FaultServer.Behavior fault,
      Class<? extends AiStatsException> expected) {
    server.then(fault);
    AiStatsException error = failsWithin(Duration.ofSeconds(2), expected, () -> form.edit(client(), request()));
    assertEquals(1, server.requestCount(), "requests sent");
    assertTrue(timing.sleeps.isEmpty(), "no backoff: " + timing.sleeps);
    assertFalse(error.getMessage().contains("\n"), error.getMessage());
    assertTrue(error.getMessage().contains("POST /images/edits"), error.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void htmlSuccessNamesTheContentType(Form form) {
    server.then(FaultServer.html());
    MalformedResponseException error = failsWithin(Duration.ofSeconds(2), MalformedResponseException.class,
        () -> form.edit(client(), request()));
    assertEquals(200, error.statusCode());
    assertTrue(error.getMessage().startsWith("200 OK from POST /images/edits: expected a JSON body but got text/html"),
        error.getMessage());
    assertTrue(error.getMessage().contains("502 Bad Gateway"), error.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void truncatedJsonIsAMalformedResponse(Form form) {
    server.then(FaultServer.truncatedJson());
    MalformedResponseException error = failsWithin(Duration.ofSeconds(2), MalformedResponseException.class,
        () -> form.edit(client(), request()));
    assertEquals(200, error.statusCode());
    assertTrue(error.getMessage().contains("the JSON body could not be read"), error.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void emptySuccessBodyIsAMalformedResponse(Form form) {
    server.then(FaultServer.json(200, ""));
    MalformedResponseException error = failsWithin(Duration.ofSeconds(2), MalformedResponseException.class,
        () -> form.edit(client(), request()));
    assertTrue(error.getMessage().contains("the body was empty"), error.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void silentServerHitsTheResponseTimeout(Form form) {
    server.then(FaultServer.silent());
    client = clientFor(server.baseUrl(), timing).responseTimeout(Duration.ofMillis(300)).build();
    AiStatsTimeoutException error = failsWithin(Duration.ofMillis(300), AiStatsTimeoutException.class,
        () -> form.edit(client, request()));
    assertTrue(error.getMessage().contains("response timeout"), error.getMessage());
    assertEquals(1, server.requestCount());
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void tricklingServerIsCutAtTheDeadline(Form form) {
    server.then(FaultServer.trickle());
    client = clientFor(server.baseUrl(), timing).responseTimeout(Duration.ofSeconds(5)).timeout(Duration.ofMillis(800))
        .build();
    AiStatsTimeoutException error = failsWithin(Duration.ofMillis(800), AiStatsTimeoutException.class,
        () -> form.edit(client, request()));
    assertTrue(error.getMessage().contains("did not finish within its 800 ms deadline"), error.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void rateLimitWithRetryAfterThenSuccess(Form form) {
    server.then(FaultServer.json(429, "{\"error\":{\"message\":\"slow down\"}}", "Retry-After", "7"));
    ImagesEditResponse response = assertTimeoutPreemptively(Duration.ofSeconds(3),
        () -> form.edit(client(), request()));
    assertEquals("aGVsbG8=", response.getData().get(0).getB64Json());
    assertEquals(List.of(7000L), timing.sleeps);
    assertEquals(2, server.requestCount());
    assertNull(server.requests().get(0).header("x-retry-count"));
    assertEquals("1", server.requests().get(1).header("x-retry-count"));
    // The retry is rebuilt from the caller's headers: the same key, content type and body as the first attempt.
    FaultServer.Request first = server.requests().get(0);
    FaultServer.Request retry = server.requests().get(1);
    for (String name : List.of("authorization", "content-type", "content-length", "user-agent")) {
      assertEquals(first.header(name), retry.header(name), name);
    }
    assertArrayEquals(first.body(), retry.body());
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void serviceUnavailableThreeTimesGivesUpAfterThreeAttempts(Form form) {
    server.otherwise(FaultServer.json(503, "{\"error\":{\"message\":\"overloaded\"}}", "x-request-id", "req-503"));
    InternalServerException error = failsWithin(Duration.ofSeconds(2), InternalServerException.class,
        () -> form.edit(client(), request()));
    assertEquals(503, error.statusCode());
    assertEquals(3, server.requestCount());
    assertEquals("2", server.requests().get(2).header("x-retry-count"));
    assertEquals(List.of(375L, 750L), timing.sleeps); // backoff with jitter 0.5: 500 ms and 1 s ceilings
    assertEquals("503 Service Unavailable from POST /images/edits: overloaded (3 attempts) (request id req-503)",
        error.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void connectionRefusedIsRetriedThenAConnectionError(Form form) throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    client = clientFor("http://127.0.0.1:" + closedPort + "/v1", timing).build();
    AiStatsConnectionException error = failsWithin(Duration.ofSeconds(2), AiStatsConnectionException.class,
        () -> form.edit(client, request()));
    assertEquals(2, timing.sleeps.size(), "two retries: " + timing.sleeps);
    assertTrue(error.getMessage().contains("(3 attempts)"), error.getMessage());
    assertFalse(error.getMessage().contains(API_KEY));
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void failuresAfterSendingAreRetriedWhenTheCallerOptsIn(Form form) {
    server.then(FaultServer.json(500, "{}")).then(FaultServer.reset());
    RequestOptions optIn = RequestOptions.builder().retryNonIdempotentFailures(true).build();
    ImagesEditResponse response = assertTimeoutPreemptively(Duration.ofSeconds(3),
        () -> form.edit(client(), request(), optIn));
    assertEquals(1, response.getData().size());
    assertEquals(3, server.requestCount());
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void zeroRetriesDisablesRetrying(Form form) {
    server.otherwise(FaultServer.json(503, "{}"));
    RequestOptions noRetry = RequestOptions.builder().maxRetries(0).build();
    failsWithin(Duration.ofSeconds(2), InternalServerException.class, () -> form.edit(client(), request(), noRetry));
    assertEquals(1, server.requestCount());
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void retryAfterBeyondTheDeadlineIsNotAwaited(Form form) {
    server.otherwise(FaultServer.json(429, "{\"error\":{\"message\":\"quota\"}}", "Retry-After", "30"));
    client = clientFor(server.baseUrl(), timing).timeout(Duration.ofSeconds(20)).build();
    RateLimitException error = failsWithin(Duration.ofSeconds(2), RateLimitException.class,
        () -> form.edit(client, request()));
    assertEquals(1, server.requestCount());
    assertTrue(timing.sleeps.isEmpty());
    assertEquals(429, error.statusCode());
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void perRequestOptionsOverrideTheClient(Form form) {
    server.then(FaultServer.silent()).then(FaultServer.json(200, FaultServer.OK_BODY));
    client = clientFor(server.baseUrl(), timing).responseTimeout(Duration.ofSeconds(30)).build();
    RequestOptions quick = RequestOptions.builder().responseTimeout(Duration.ofMillis(200)).header("X-Title", "tests")
        .build();
    failsWithin(Duration.ofMillis(200), AiStatsTimeoutException.class, () -> form.edit(client, request(), quick));
    form.edit(client, request(), RequestOptions.builder().header("X-Title", "second").build());
    assertEquals("tests", server.requests().get(0).header("x-title"));
    assertEquals("second", server.requests().get(1).header("x-title"));
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void successSendsKeyAndUserAgentAndReusesTheConnection(Form form) {
    TestClient c = client();
    form.edit(c, request());
    form.edit(c, request());
    FaultServer.Request first = server.requests().get(0);
    assertEquals("Bearer " + API_KEY, first.header("authorization"));
    assertEquals(UserAgent.value(), first.header("user-agent"));
    assertEquals("/v1/images/edits", first.path());
    TestSupport.awaitPool(form == Form.BLOCKING ? c::poolStats : c::asyncPoolStats,
        pool -> pool.getAvailable() == 1 && pool.getLeased() == 0, "one connection, kept alive for the next call");
  }
}
