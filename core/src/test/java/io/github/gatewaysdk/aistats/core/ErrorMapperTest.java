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
import java.util.List;
import java.util.Map;
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
}
