package io.github.gatewaysdk.aistats.core;

import static io.github.gatewaysdk.aistats.core.TestSupport.assertNoLeasedConnections;
import static io.github.gatewaysdk.aistats.core.TestSupport.clientFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gatewaysdk.aistats.core.TestSupport.Form;
import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import io.github.gatewaysdk.aistats.errors.MalformedResponseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A text alternative to an operation's JSON answer (an RSS or Atom feed of a list) is asked for by its media type and
 * read as text; an answer of another media type is refused rather than handed on as the feed.
 */
class TextAnswerTest {
  private static final String RSS = "<rss version=\"2.0\"><channel><title>Modèles</title></channel></rss>";

  private FaultServer server;
  private TestClient client;

  @BeforeEach
  void start() throws IOException {
    server = new FaultServer();
    client = clientFor(server.baseUrl(), Timing.SYSTEM).timeout(Duration.ofSeconds(2)).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private static ApiRequest<String> feed(String mediaType) {
    return ApiRequest.builder("GET", "/models", ResponseType.json(new com.fasterxml.jackson.core.type.TypeReference<
        ImagesEditResponse>() {})).queryParam("format", "rss").build().answeredAs(ResponseType.text(mediaType));
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void theMediaTypeAskedForIsSentAndItsBodyReadInTheCharsetItNames(Form form) {
    server.then(FaultServer.respond(200, "application/rss+xml; charset=ISO-8859-1",
        RSS.getBytes(StandardCharsets.ISO_8859_1)));
    assertEquals(RSS, form.send(client, feed("application/rss+xml"), RequestOptions.none()));
    FaultServer.Request sent = server.requests().get(0);
    assertEquals("application/rss+xml", sent.header("Accept"));
    assertEquals("/v1/models?format=rss", sent.path());
    assertNoLeasedConnections(client);
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void anAnswerOfAnotherMediaTypeIsRefusedNamingTheOneAskedFor(Form form) {
    server.then(FaultServer.html());
    MalformedResponseException refused = assertThrows(MalformedResponseException.class,
        () -> form.send(client, feed("application/atom+xml"), RequestOptions.none()));
    assertTrue(refused.getMessage().contains("application/atom+xml"), refused.getMessage());
    assertNoLeasedConnections(client);
  }

  @Test
  void oneMediaTypeIsAskedFor() {
    IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
        () -> ResponseType.text("application/rss+xml, application/atom+xml"));
    assertEquals("one media type is asked for, was application/rss+xml, application/atom+xml", two.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ResponseType.text(" "));
  }
}
