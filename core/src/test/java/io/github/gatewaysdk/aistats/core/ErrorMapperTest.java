package io.github.gatewaysdk.aistats.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gatewaysdk.aistats.errors.AiStatsServiceException;
import io.github.gatewaysdk.aistats.errors.AuthenticationException;
import io.github.gatewaysdk.aistats.errors.BadRequestException;
import io.github.gatewaysdk.aistats.errors.InternalServerException;
import io.github.gatewaysdk.aistats.errors.NotFoundException;
import io.github.gatewaysdk.aistats.errors.PermissionDeniedException;
import io.github.gatewaysdk.aistats.errors.RateLimitException;
import io.github.gatewaysdk.aistats.errors.UnexpectedStatusException;
import io.github.gatewaysdk.aistats.errors.UnprocessableEntityException;
import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import io.github.gatewaysdk.aistats.errors.AiStatsConnectionException;
import io.github.gatewaysdk.aistats.errors.AiStatsException;
import io.github.gatewaysdk.aistats.errors.AiStatsTimeoutException;
import io.github.gatewaysdk.aistats.errors.MalformedResponseException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorMapperTest {
  private static final String OP = "POST /images/edits";
  private static final String PRISM_422 = "{\"type\":\"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY\","
      + "\"title\":\"Invalid request\",\"status\":422,\"detail\":\"Your request is not valid and no HTTP validation"
      + " response was found in the spec, so Prism is generating this error for you.\",\"validation\":["
      + "{\"location\":[\"body\",\"n\"],\"severity\":\"Error\",\"code\":\"maximum\","
      + "\"message\":\"Request body property n must be <= 10\"},"
      + "{\"location\":[\"body\"],\"severity\":\"Error\",\"code\":\"required\","
      + "\"message\":\"Request body must have required property 'prompt'\"}]}";

  private final ErrorMapper mapper = new ErrorMapper(TestSupport.API_KEY, 10_000);

  static Stream<Arguments> statuses() {
    return Stream.of(
        Arguments.of(400, BadRequestException.class, "400 Bad Request"),
        Arguments.of(401, AuthenticationException.class, "401 Unauthorized"),
        Arguments.of(403, PermissionDeniedException.class, "403 Forbidden"),
        Arguments.of(404, NotFoundException.class, "404 Not Found"),
        Arguments.of(422, UnprocessableEntityException.class, "422 Unprocessable Entity"),
        Arguments.of(429, RateLimitException.class, "429 Too Many Requests"),
        Arguments.of(500, InternalServerException.class, "500 Internal Server Error"),
        Arguments.of(502, InternalServerException.class, "502 Bad Gateway"),
        Arguments.of(503, InternalServerException.class, "503 Service Unavailable"),
        Arguments.of(504, InternalServerException.class, "504 Gateway Timeout"),
        Arguments.of(599, InternalServerException.class, "599 HTTP status"),
        Arguments.of(409, UnexpectedStatusException.class, "409 Conflict"),
        Arguments.of(408, UnexpectedStatusException.class, "408 Request Timeout"),
        Arguments.of(413, UnexpectedStatusException.class, "413 Payload Too Large"),
        Arguments.of(415, UnexpectedStatusException.class, "415 Unsupported Media Type"),
        Arguments.of(600, UnexpectedStatusException.class, "600 HTTP status"),
        Arguments.of(302, UnexpectedStatusException.class, "302 HTTP status"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statuses")
  void eachStatusHasItsException(int status, Class<?> type, String prefix) {
    AiStatsServiceException e = mapper.fromStatus(status, Map.of("X-Request-Id", List.of("req-1")),
        "{\"error\":{\"message\":\"it broke\",\"type\":\"x\"}}", OP, 1);
    assertEquals(type, e.getClass());
    assertEquals(prefix + " from POST /images/edits: it broke (request id req-1)", e.getMessage());
    assertEquals(status, e.statusCode());
    assertEquals("req-1", e.requestId());
  }

  @Test
  void problemJsonViolationsAreListedWithTheirLocation() {
    AiStatsServiceException e = mapper.fromStatus(422,
        Map.of("content-type", List.of("application/problem+json"), "x-request-id", List.of("abc")), PRISM_422, OP,
        1);
    assertInstanceOf(UnprocessableEntityException.class, e);
    assertEquals("422 Unprocessable Entity from POST /images/edits: body.n: Request body property n must be <= 10;"
        + " body: Request body must have required property 'prompt' (request id abc)", e.getMessage());
    assertEquals(PRISM_422, e.body());
  }

  @Test
  void problemJsonWithoutViolationsUsesItsDetail() {
    AiStatsServiceException e = mapper.fromStatus(400, Map.of(),
        "{\"title\":\"Bad\",\"detail\":\"size must be one of 256x256, 512x512\"}", OP, 1);
    assertEquals("400 Bad Request from POST /images/edits: size must be one of 256x256, 512x512", e.getMessage());
    assertNull(e.requestId());
  }

  @Test
  void otherBodiesAreShownOnOneBoundedLine() {
    String html = "<html>\n<body>\n" + "x".repeat(1000) + "</body></html>";
    AiStatsServiceException e = mapper.fromStatus(502, Map.of(), html, OP, 3);
    assertFalse(e.getMessage().contains("\n"));
    assertTrue(e.getMessage().startsWith("502 Bad Gateway from POST /images/edits: <html> <body> xxx"), e.getMessage());
    assertTrue(e.getMessage().endsWith("... (3 attempts)"), e.getMessage());
    assertTrue(e.getMessage().length() < 400);
  }

  @Test
  void emptyBodyGivesJustTheStatus() {
    assertEquals("404 Not Found from POST /images/edits",
        mapper.fromStatus(404, Map.of(), "", OP, 1).getMessage());
    assertEquals("401 Unauthorized from POST /images/edits",
        mapper.fromStatus(401, null, null, OP, 1).getMessage());
  }

  @Test
  void anEchoedKeyIsScrubbedFromMessageAndBody() {
    String echo = "{\"error\":{\"message\":\"invalid key Bearer " + TestSupport.API_KEY + "\"}}";
    AiStatsServiceException e = mapper.fromStatus(401, Map.of(), echo, OP, 1);
    assertFalse(e.getMessage().contains(TestSupport.API_KEY), e.getMessage());
    assertFalse(e.body().contains(TestSupport.API_KEY), e.body());
    assertTrue(e.getMessage().contains("<redacted>"));
  }

  @Test
  void plainStringErrorAndMessageFields() {
    assertEquals("nope", ErrorMapper.detail("{\"error\":\"nope\"}"));
    assertEquals("nope", ErrorMapper.detail("{\"message\":\"nope\"}"));
    assertEquals("[1,2]", ErrorMapper.detail("[1,2]"));
  }
  @Test
  void anEmptyViolationListFallsBackToTheProblemsDetail() {
    assertEquals("size is too large", ErrorMapper.detail("{\"validation\":[],\"detail\":\"size is too large\"}"));
  }

  @Test
  void aJsonObjectWithoutAKnownFieldIsShownAsSent() {
    assertEquals("{\"code\":42, \"retry\":false}", ErrorMapper.detail("{\"code\":42,\n \"retry\":false}"));
  }

  @Test
  void theAnswersHeadersAreKeptOnTheExceptionWithCredentialsRedacted() {
    AiStatsServiceException e = mapper.fromStatus(429, Map.of("Retry-After", List.of("3"),
        "Set-Cookie", List.of("session=abc123")), "", OP, 1);
    assertEquals(List.of("3"), e.headers().get("retry-after"));
    assertEquals("3", e.header("Retry-After"));
    assertTrue(e.headers().containsKey("set-cookie"), () -> e.headers().toString());
    assertFalse(e.headers().get("set-cookie").get(0).contains("abc123"), () -> e.headers().toString());
  }

  @Test
  void noFreeConnectionInThePoolIsATimeoutThatSaysWhatToChange() {
    AiStatsException e = mapper.fromFailure(new ConnectionRequestTimeoutException("lease timed out"), call(1));
    assertInstanceOf(AiStatsTimeoutException.class, e);
    assertEquals("POST /images/edits found no free connection in the pool in time; raise maxConnections or lower"
        + " concurrency", e.getMessage());
  }

  @Test
  void aConnectTimeoutNamesTheConnectTimeoutAndTheAttempts() {
    AiStatsException e = mapper.fromFailure(new ConnectTimeoutException("Connect to 10.0.0.1:443 timed out"),
        call(2));
    assertInstanceOf(AiStatsTimeoutException.class, e);
    assertEquals("POST /images/edits could not connect within 10 s (2 attempts): Connect to 10.0.0.1:443 timed out",
        e.getMessage());
  }

  @Test
  void anInterruptedExchangeIsNotATimeout() {
    AiStatsException e = mapper.fromFailure(new InterruptedIOException("interrupted"), call(1));
    assertEquals(AiStatsException.class, e.getClass());
    assertEquals("POST /images/edits was interrupted", e.getMessage());
  }

  @Test
  void aResponseTimeoutWhileSendingNamesTheResponseTimeout() {
    AiStatsException e = mapper.fromFailure(new SocketTimeoutException("Read timed out"), call(1));
    assertInstanceOf(AiStatsTimeoutException.class, e);
    assertEquals("POST /images/edits got no response bytes within the 2 s response timeout", e.getMessage());
  }

  @Test
  void aBodyThatCannotBeInflatedIsMalformed() {
    AiStatsException e = mapper.fromReadFailure(new ContentCoding.Undecodable("the gzip body is corrupt"), call(1),
        answer(200), " after 3 events");
    assertInstanceOf(MalformedResponseException.class, e);
    assertEquals("200 OK from POST /images/edits: the gzip body is corrupt after 3 events (request id req-9)",
        e.getMessage());
  }

  @Test
  void aBodyEndedBeforeItsLengthIsMalformedAsCutShort() {
    AiStatsException e = mapper.fromReadFailure(new ConnectionClosedException("Premature end of body"), call(1),
        answer(201));
    assertInstanceOf(MalformedResponseException.class, e);
    assertEquals("201 Created from POST /images/edits: the body was cut short: Premature end of body"
        + " (request id req-9)", e.getMessage());
  }

  @Test
  void anotherReadFailureIsAConnectionErrorNamingTheAnswer() {
    AiStatsException e = mapper.fromReadFailure(new java.net.SocketException("Connection reset"), call(3),
        answer(200));
    assertInstanceOf(AiStatsConnectionException.class, e);
    assertEquals("POST /images/edits failed while reading the 200 answer (3 attempts): SocketException Connection"
        + " reset", e.getMessage());
  }

  @Test
  void anInterruptedCallKeepsTheThreadsInterruptForTheCaller() {
    CallState call = call(1);
    call.markAborted(CallState.Abort.INTERRUPTED);
    try {
      AiStatsException e = mapper.aborted(call, null);
      assertEquals("POST /images/edits was interrupted", e.getMessage());
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }

  /** A call to {@link #OP} that made {@code attempts} attempts, with a 2 s response timeout. */
  private static CallState call(int attempts) {
    ApiRequest<byte[]> request = ApiRequest.builder("POST", "/images/edits", ResponseType.bytes("*/*")).build();
    RequestOptions options = RequestOptions.builder().timeout(Duration.ofSeconds(30))
        .responseTimeout(Duration.ofSeconds(2)).build();
    CallState call = new CallState(request, options, Thread.currentThread(), Runnable::run, System.nanoTime(), false,
        new FakeTiming(), () -> false, () -> { });
    for (int i = 0; i < attempts; i++) {
      call.nextAttempt();
    }
    return call;
  }

  private static AttemptResponse answer(int status) {
    return AttemptResponse.received(1, status, Map.of("x-request-id", List.of("req-9")), Duration.ZERO, null,
        () -> { });
  }
}
