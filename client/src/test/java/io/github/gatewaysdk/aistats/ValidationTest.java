package io.github.gatewaysdk.aistats;

import static io.github.gatewaysdk.aistats.TestSupport.clientFor;
import static io.github.gatewaysdk.aistats.TestSupport.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input fails with a message naming the field and the rule, and no request leaves the JVM. */
class ValidationTest {
  private static FaultServer server;
  private static AiStatsClient client;

  @BeforeAll
  static void start() throws Exception {
    server = new FaultServer();
    client = clientFor(server.baseUrl(), new FakeTiming()).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        bad("model is required, was null", r -> r.model(null)),
        bad("model must not be blank", r -> r.model(" \t")),
        bad("image is required, was null", r -> r.image(null)),
        bad("prompt is required, was null", r -> r.prompt(null)),
        bad("prompt must not be blank", r -> r.prompt("")),
        bad("n must be between 1 and 10, was 11", r -> r.n(11)),
        bad("n must be between 1 and 10, was 0", r -> r.n(0)),
        bad("image must be a data URL (data:<mime>;base64,<data>) or an http(s) URL, was \"cat.png\"",
            r -> r.image("cat.png")),
        bad("image must be a data URL (data:<mime>;base64,<data>) or an http(s) URL, was \"ftp://x/cat.png\"",
            r -> r.image("ftp://x/cat.png")),
        bad("image must be a data URL (data:<mime>;base64,<data>) or an http(s) URL, was \"data:image/png,abc\"",
            r -> r.image("data:image/png,abc")),
        bad("mask must be a data URL (data:<mime>;base64,<data>) or an http(s) URL, was \"iVBORw0KGgoAAAANSUhEUgAAAAEAAAA"
            + "BCAYAAAAf...\"", r -> r.mask("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk")));
  }

  private static Arguments bad(String message, UnaryOperator<ImagesEditRequest> change) {
    return Arguments.of(message, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void rejectedBeforeSending(String message, UnaryOperator<ImagesEditRequest> change) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> client.images().edit(change.apply(request())));
    assertEquals(message, e.getMessage());
    assertEquals(0, server.requestCount());
  }

  @Test
  void nullRequestAndOptions() {
    assertEquals("request must not be null",
        assertThrows(IllegalArgumentException.class, () -> client.images().edit(null)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> client.images().edit(request(), null));
    assertEquals(0, server.requestCount());
  }

  @Test
  void acceptedForms() {
    Validation.editRequest(request().n(1).mask("https://example.com/mask.png"));
    Validation.editRequest(request().n(10).image("data:image/webp;base64,UklGRg==").mask("HTTP://EXAMPLE.COM/m"));
    Validation.editRequest(request().image("data:image/png;charset=binary;base64,iVBO"));
  }
}
