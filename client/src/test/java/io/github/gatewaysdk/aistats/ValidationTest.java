package io.github.gatewaysdk.aistats;

import io.github.gatewaysdk.aistats.internal.Validation;
import static io.github.gatewaysdk.aistats.TestSupport.clientFor;
import static io.github.gatewaysdk.aistats.TestSupport.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gatewaysdk.aistats.core.FaultServer;
import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checks the contract cannot state (an image is a data URL or an http(s) URL) fail with a message naming the
 * field and the rule, and no request leaves the JVM. The contract's own constraints are generated, and tested by the
 * generator's test and the contract tests.
 */
class ValidationTest {
  private static FaultServer server;
  private static AiStatsClient client;

  @BeforeAll
  static void start() throws Exception {
    server = new FaultServer();
    client = clientFor(server.baseUrl()).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
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
    assertEquals("request is required, was null",
        assertThrows(IllegalArgumentException.class, () -> client.images().edit(null)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> client.images().edit(request(), null));
    assertEquals(0, server.requestCount());
  }

  @Test
  void acceptedForms() {
    Validation.checkEditRequest(request().mask("https://example.com/mask.png"));
    Validation.checkEditRequest(request().image("data:image/webp;base64,UklGRg==").mask("HTTP://EXAMPLE.COM/m"));
    Validation.checkEditRequest(request().image("data:image/png;charset=binary;base64,iVBO"));
  }

  /** The data-URL header's grammar, as the regular expression the hand-written check replaced. */
  private static final Pattern DATA_URL_HEADER = Pattern.compile("data:[\\w.+-]+/[\\w.+-]+(;[\\w.+-]+=[^;,]*)*;base64,");

  /**
   * Pieces of a data URL: the first row of each holds valid forms, the second forms that break the header. A candidate
   * takes valid forms of all pieces but at most one.
   */
  private static final String[][][] DATA_URL_PIECES = {
    {{"data:"}, {"Data:", "data", "", "data:/"}},
    {{"image", "x.y+z-w_1", "A"}, {"", "im age", "\u00e9", "image,"}},
    {{"/"}, {"", "//", ";"}},
    {{"png", "svg+xml"}, {"", "p,ng", "png="}},
    {{"", ";charset=binary", ";base64=1", ";q=", ";x-y=z;k=v"}, {";charset", ";=x", ";a=b,c", ";name"}},
    {{";base64,"}, {";base64", ";BASE64,", ",", ";base64x,", ";base64;", "base64,"}},
    {{"iVBO", "==", ",", ";"}, {""}},
  };

  static List<String> dataUrlCandidates() {
    Random random = new Random(7);
    return IntStream.range(0, 400).mapToObj(i -> {
      int broken = random.nextInt(DATA_URL_PIECES.length + 2); // none broken in 2 of every 9
      StringBuilder value = new StringBuilder();
      for (int piece = 0; piece < DATA_URL_PIECES.length; piece++) {
        String[] choices = DATA_URL_PIECES[piece][piece == broken ? 1 : 0];
        value.append(choices[random.nextInt(choices.length)]);
      }
      return value.toString();
    }).collect(Collectors.toList());
  }

  @ParameterizedTest
  @MethodSource("dataUrlCandidates")
  void dataUrlCheckFollowsTheGrammar(String value) {
    Matcher header = DATA_URL_HEADER.matcher(value);
    assertEquals(header.lookingAt() && header.end() < value.length(), Validation.isBase64DataUrl(value), value);
  }

  @Test
  void dataUrlCandidatesIncludeBothAnswers() {
    long accepted = dataUrlCandidates().stream().filter(Validation::isBase64DataUrl).count();
    assertTrue(accepted >= 40 && accepted <= 200, accepted + " of 400 accepted");
  }
}
