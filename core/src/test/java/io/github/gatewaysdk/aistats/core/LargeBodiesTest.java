package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.ApiCore;
import static io.github.gatewaysdk.aistats.core.TestSupport.assertNoLeasedConnections;
import static io.github.gatewaysdk.aistats.core.TestSupport.clientFor;
import static io.github.gatewaysdk.aistats.core.TestSupport.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gatewaysdk.aistats.errors.InternalServerException;
import io.github.gatewaysdk.aistats.errors.MalformedResponseException;
import io.github.gatewaysdk.aistats.core.TestSupport.Form;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Answers far larger than the heap, inflated size included: an error's body is read only up to its bounded prefix, a
 * success's is parsed as it arrives and ends at the JSON document bound. Surefire runs this class alone in a JVM of
 * 64 MiB ({@code small-heap} in the POM), so holding any of these bodies whole would fail it.
 */
@Tag("small-heap")
class LargeBodiesTest {
  private static final long MIB = 1024 * 1024;

  private FaultServer server;
  private TestClient client;

  @BeforeEach
  void start() throws Exception {
    server = new FaultServer();
    client = clientFor(server.baseUrl(), Timing.SYSTEM).timeout(Duration.ofSeconds(30)).build();
  }

  @AfterEach
  void stop() {
    assertNoLeasedConnections(client);
    client.close();
    server.close();
  }

  @ParameterizedTest(name = "{0} gzip {1}")
  @CsvSource({"BLOCKING, false", "BLOCKING, true", "ASYNC, false", "ASYNC, true"})
  void aHugeErrorBodyIsReadOnlyUpToItsBound(Form form, boolean gzip) {
    assertTrue(Runtime.getRuntime().maxMemory() < 128 * MIB, "runs in the small-heap JVM only");
    // 200 MiB as sent; gzip: 1 GiB once inflated, about 1 MiB on the wire.
    server.then(FaultServer.huge(500, "text/plain", gzip ? 1024 * MIB : 200 * MIB, gzip, (byte) 'x'));
    InternalServerException e = assertThrows(InternalServerException.class, () -> form.edit(client, request()));
    assertEquals(ErrorMapper.MAX_ERROR_BODY_BYTES, e.body().length());
    assertEquals(1, server.requestCount());
  }

  @ParameterizedTest(name = "{0} gzip {1}")
  @CsvSource({"BLOCKING, false", "BLOCKING, true", "ASYNC, false", "ASYNC, true"})
  void aHugeSuccessBodyIsParsedAsItArrives(Form form, boolean gzip) {
    assertTrue(Runtime.getRuntime().maxMemory() < 128 * MIB, "runs in the small-heap JVM only");
    // JSON whitespace, which the parser reads without keeping: only what the client holds of the body counts.
    // 200 MiB as sent, read to its end; gzip: 1 GiB once inflated, past the JSON document bound.
    server.then(FaultServer.huge(200, "application/json", gzip ? 1024 * MIB : 200 * MIB, gzip, (byte) ' '));
    MalformedResponseException e = assertThrows(MalformedResponseException.class,
        () -> form.edit(client, request()));
    assertTrue(e.getMessage().contains(gzip ? "larger than " + ApiCore.MAX_JSON_DOCUMENT_BYTES + " bytes"
        : "No content to map"), e.getMessage());
    assertEquals(1, server.requestCount());
  }

  /** A binary answer far past every bound, and past the heap, goes through to the caller as it arrives. */
  @ParameterizedTest(name = "{0} gzip {1}")
  @CsvSource({"BLOCKING, false", "BLOCKING, true", "ASYNC, false", "ASYNC, true"})
  void aHugeBinaryAnswerIsHandedOnAsItArrives(Form form, boolean gzip) throws IOException {
    assertTrue(Runtime.getRuntime().maxMemory() < 128 * MIB, "runs in the small-heap JVM only");
    long size = 200 * MIB;
    server.then(FaultServer.huge(200, "application/octet-stream", size, gzip, (byte) 7));
    long read = 0;
    try (BinaryResponse video = form.speech(client); InputStream in = video.stream()) {
      byte[] buffer = new byte[65536];
      for (int n; (n = in.read(buffer)) != -1; ) {
        read += n;
      }
    }
    assertEquals(size, read);
  }

  /** A file from a stream far past the heap goes to the socket as it is read, in both forms. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(Form.class)
  void aFileLargerThanTheHeapIsSentAsItIsRead(Form form) {
    assertTrue(Runtime.getRuntime().maxMemory() < 128 * MIB, "runs in the small-heap JVM only");
    server.discardingBodies();
    long size = 200 * MIB;
    InputStream generated = new InputStream() {
      private long left = size;

      @Override
      public int read() {
        return left-- > 0 ? 'x' : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        java.util.Arrays.fill(b, off, off + n, (byte) 'x');
        left -= n;
        return n;
      }
    };
    form.send(client, io.github.gatewaysdk.aistats.core.internal.ApiRequest.builder("POST", "/files",
        io.github.gatewaysdk.aistats.core.internal.ResponseType.bytes("application/json"))
        .part("file", FilePart.of(generated, "large.bin", "application/octet-stream")).build(), RequestOptions.none());
    long sent = server.requests().get(0).length();
    assertTrue(sent > size && sent < size + 1024, "the whole file and its part's header: " + sent);
  }
}
