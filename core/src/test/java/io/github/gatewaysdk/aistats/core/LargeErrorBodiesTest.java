package io.github.gatewaysdk.aistats.core;

import static io.github.gatewaysdk.aistats.core.TestSupport.assertNoLeasedConnections;
import static io.github.gatewaysdk.aistats.core.TestSupport.clientFor;
import static io.github.gatewaysdk.aistats.core.TestSupport.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gatewaysdk.aistats.errors.InternalServerException;
import io.github.gatewaysdk.aistats.core.TestSupport.Form;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Error answers far larger than the heap: only a bounded prefix is read, inflated size included. Surefire runs this
 * class alone in a JVM of 64 MiB ({@code small-heap} in the POM), so reading either body whole would fail it.
 */
@Tag("small-heap")
class LargeErrorBodiesTest {
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
    assertEquals(ApiCore.MAX_ERROR_BODY_BYTES, e.body().length());
    assertEquals(1, server.requestCount());
  }
}
