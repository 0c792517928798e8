package io.github.gatewaysdk.aistats.core;

import static io.github.gatewaysdk.aistats.core.TestSupport.assertNoLeasedConnections;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fault server, a client made per test, and caller threads for calls that another thread ends; afterwards no call
 * outlives its test and no connection stays leased.
 */
abstract class LiveServerTest {
  FaultServer server;
  TestClient client;
  final ExecutorService callers = Executors.newCachedThreadPool();

  @BeforeEach
  void startServer() throws Exception {
    server = new FaultServer();
  }

  @AfterEach
  void stopEverything() throws Exception {
    callers.shutdownNow();
    assertTrue(callers.awaitTermination(5, TimeUnit.SECONDS), "a call outlived its test");
    if (client != null) {
      assertNoLeasedConnections(client);
      client.close();
    }
    server.close();
  }

  TestClient client(ClientBuilder<TestClient> builder) {
    client = builder.build();
    return client;
  }

  void awaitRequests(int count) {
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      while (server.requestCount() < count) {
        Thread.sleep(5);
      }
    });
  }

  static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
