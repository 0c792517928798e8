package io.github.gatewaysdk.aistats.core;

import static io.github.gatewaysdk.aistats.core.TestSupport.assertNoLeasedConnections;
import static io.github.gatewaysdk.aistats.core.TestSupport.clientFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gatewaysdk.aistats.core.TestSupport.Form;
import io.github.gatewaysdk.aistats.errors.AiStatsTimeoutException;
import io.github.gatewaysdk.aistats.errors.MalformedResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.apache.hc.core5.pool.PoolStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A binary answer is handed on as it arrives ({@link BinaryResponse}): read to its end or closed, its connection is
 * released; until then the call goes on, and its deadline ends a reader waiting for the rest. Sizes beyond any bound
 * are {@code LargeBodiesTest}'s, in a small heap.
 */
class BinaryResponseTest {
  private static final byte[] AUDIO = new byte[3 * 1024 * 1024 + 17];

  static {
    new Random(7).nextBytes(AUDIO);
  }

  @TempDir
  Path dir;
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

  @ParameterizedTest
  @EnumSource(Form.class)
  void theBodyIsReadAsAStreamAndItsConnectionIsBackInThePoolAtItsEnd(Form form) throws IOException {
    server.then(FaultServer.respond(200, "audio/mpeg", AUDIO), FaultServer.respond(200, "audio/mpeg", AUDIO));
    for (int call = 1; call <= 2; call++) {
      BinaryResponse speech = form.speech(client);
      assertEquals("audio/mpeg", speech.contentType());
      assertEquals(AUDIO.length, speech.contentLength());
      try (InputStream in = speech.stream()) {
        assertArrayEquals(AUDIO, in.readAllBytes());
        // At once, not eventually: the asynchronous form's end of reading waits for its I/O thread to put it back.
        PoolStats pool = form == Form.BLOCKING ? client.poolStats() : client.asyncPoolStats();
        assertEquals(0, pool.getLeased(), () -> "after the end of the body: " + pool);
      }
    }
    assertEquals(1, server.connectionsAccepted(), "the second call went out on the first one's connection");
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void theBodyIsWrittenToAFileOrTakenAsBytes(Form form) throws IOException {
    server.then(FaultServer.respond(200, "audio/mpeg", AUDIO), FaultServer.respond(200, "audio/mpeg", AUDIO));
    Path file = form.speech(client).writeTo(dir.resolve("speech.mp3"));
    assertArrayEquals(AUDIO, Files.readAllBytes(file));
    assertArrayEquals(AUDIO, form.speech(client).bytes());
    assertNoLeasedConnections(client);
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void closedBeforeItsEndTheConnectionIsDroppedAndTheClientCallsOn(Form form) throws IOException {
    server.then(FaultServer.huge(200, "application/octet-stream", 64L * 1024 * 1024, false, (byte) 1),
        FaultServer.respond(200, "audio/mpeg", AUDIO));
    try (BinaryResponse video = form.speech(client)) {
      assertEquals(1, video.stream().read());
    }
    assertNoLeasedConnections(client);
    assertArrayEquals(AUDIO, form.speech(client).bytes());
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void theDeadlineEndsAReaderWaitingForTheRest(Form form) throws IOException {
    server.then((request, socket, out) -> { // the head and the first bytes of the audio, then nothing
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\nContent-Length: 1000\r\n\r\nID3")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return FaultServer.silent().respond(request, socket, out);
    });
    try (BinaryResponse stalled = form.speech(client)) {
      InputStream in = stalled.stream();
      assertEquals('I', in.read());
      AiStatsTimeoutException e = TestSupport.failsWithin(Duration.ofSeconds(2),
          AiStatsTimeoutException.class, () -> in.readAllBytes());
      assertTrue(e.getMessage().contains("POST /audio/speech"), e.getMessage());
    }
    assertNoLeasedConnections(client);
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void anAnswerOfAnotherMediaTypeIsMalformed(Form form) {
    server.then(FaultServer.html());
    MalformedResponseException e = assertThrows(MalformedResponseException.class, () -> form.speech(client));
    assertTrue(e.getMessage().contains("expected audio/*, application/octet-stream but got text/html"),
        e.getMessage());
    assertNoLeasedConnections(client);
  }
}
