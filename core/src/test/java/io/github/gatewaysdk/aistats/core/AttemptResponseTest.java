package io.github.gatewaysdk.aistats.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.junit.jupiter.api.Test;

/** One attempt's answer as an interceptor sees it: its headers, its body buffered or replaced, how it shows. */
class AttemptResponseTest {
  private static final Map<String, List<String>> HEADERS = Map.of("X-Request-Id", List.of("req-7"),
      "Set-Cookie", List.of("session=abc123"));

  @Test
  void headersAreShownWithCredentialsRedactedAndGivenInClearOneByOne() {
    AttemptResponse response = AttemptResponse.received(1, 200, HEADERS, Duration.ZERO, null, () -> { });
    assertEquals(List.of("req-7"), response.headers().get("x-request-id"));
    assertEquals(2, response.headers().size());
    assertTrue(!response.headers().get("set-cookie").get(0).contains("abc123"), () -> response.headers().toString());
    assertEquals("session=abc123", response.header("set-cookie"));
  }

  @Test
  void toStringNamesTheAttemptStatusTimeAndRequestId() {
    AttemptResponse response = AttemptResponse.received(2, 503, HEADERS, Duration.ofMillis(250), null, () -> { });
    assertEquals("AttemptResponse{attempt=2, statusCode=503, elapsed=PT0.25S, requestId=req-7}", response.toString());
  }

  @Test
  void aBufferedBodyIsBufferedOnceAndKeepsItsMediaType() throws IOException {
    InputStream body = new java.io.ByteArrayInputStream("{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
    AttemptResponse response = AttemptResponse.received(1, 200, HEADERS, Duration.ZERO,
        new InputStreamEntity(body, ContentType.APPLICATION_JSON), () -> { });
    AttemptResponse buffered = response.bufferBody();
    assertArrayEquals("{\"ok\":true}".getBytes(StandardCharsets.UTF_8), buffered.bodyBytes());
    assertSame(buffered, buffered.bufferBody());
    assertEquals(ContentType.APPLICATION_JSON.toString(), buffered.entity.getContentType());
    AttemptResponse replaced = buffered.withBody("{}".getBytes(StandardCharsets.UTF_8));
    assertEquals(ContentType.APPLICATION_JSON.toString(), replaced.entity.getContentType());
  }

  @Test
  void aBodyOfNoMediaTypeOrNoneAtAllCanBeReplaced() {
    AttemptResponse none = AttemptResponse.received(1, 204, Map.of(), Duration.ZERO, null, () -> { });
    AttemptResponse replaced = none.withBody(new byte[] {1, 2});
    assertArrayEquals(new byte[] {1, 2}, replaced.bodyBytes());
    assertNull(replaced.entity.getContentType());
    AttemptResponse untyped = AttemptResponse.received(1, 200, Map.of(), Duration.ZERO,
        new InputStreamEntity(InputStream.nullInputStream(), null), () -> { });
    assertNull(untyped.withBody(new byte[] {3}).entity.getContentType());
  }

  @Test
  void aBodyThatFailsWhileBufferedDropsItsExchangeAndKeepsACloseFailureAsSuppressed() {
    AtomicBoolean closed = new AtomicBoolean();
    IOException readFailure = new IOException("connection reset");
    IOException closeFailure = new IOException("close failed");
    AttemptResponse response = AttemptResponse.received(1, 200, HEADERS, Duration.ZERO,
        new InputStreamEntity(failing(readFailure), ContentType.APPLICATION_JSON), () -> {
          closed.set(true);
          throw closeFailure;
        });
    IOException e = assertThrows(IOException.class, response::bufferBody);
    assertSame(readFailure, e);
    assertTrue(closed.get(), "the exchange is closed, which drops its connection");
    assertEquals(List.of(closeFailure), List.of(e.getSuppressed()));
  }

  private static InputStream failing(IOException failure) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        throw failure;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        throw failure;
      }
    };
  }
}
