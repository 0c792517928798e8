package io.github.gatewaysdk.aistats.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.function.Executable;

/** Shared fixtures: a valid request, a client aimed at a test server, bounded waits. */
final class TestSupport {
  static final String API_KEY = "sk-test-7f3a9c2e5b1d4806";
  static final String PNG_DATA_URL = "data:image/png;base64,iVBORw0KGgo=";
  /** Scheduling slack on a busy 2-core machine, on top of the timeout under test. */
  static final Duration MARGIN = Duration.ofSeconds(2);

  private TestSupport() {
  }

  static ImagesEditRequest request() {
    return new ImagesEditRequest().model("gpt-image-1").image(PNG_DATA_URL).prompt("Add a top hat");
  }

  /** Short timeouts so faults resolve quickly; the fake timing makes backoff instant. */
  static ClientBuilder<TestClient> clientFor(String baseUrl, Timing timing) {
    return TestClient.builder()
        .apiKey(API_KEY)
        .baseUrl(baseUrl)
        .connectTimeout(Duration.ofSeconds(2))
        .responseTimeout(Duration.ofSeconds(2))
        .timeout(Duration.ofSeconds(10))
        .environment(name -> null)
        .systemProperties(name -> null)
        .timing(timing)
        .random(() -> 0.5);
  }

  static <T extends Throwable> T failsWithin(Duration limit, Class<T> type, Executable call) {
    return assertTimeoutPreemptively(limit.plus(MARGIN), () -> assertThrows(type, call));
  }

  static void assertNoLeasedConnections(TestClient client) {
    assertEquals(0, client.poolStats().getLeased(), () -> "leased connections: " + client.poolStats());
  }
}
