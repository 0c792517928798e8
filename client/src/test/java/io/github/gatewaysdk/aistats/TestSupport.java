package io.github.gatewaysdk.aistats;

import io.github.gatewaysdk.aistats.core.ClientBuilder;
import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import java.time.Duration;

/** Shared fixtures of the client's tests: a valid request and a client aimed at a local test server. */
final class TestSupport {
  static final String API_KEY = "sk-test-7f3a9c2e5b1d4806";
  static final String PNG_DATA_URL = "data:image/png;base64,iVBORw0KGgo=";

  private TestSupport() {
  }

  static ImagesEditRequest request() {
    return new ImagesEditRequest().model("gpt-image-1").image(PNG_DATA_URL).prompt("Add a top hat");
  }

  /** Short timeouts, so a fault resolves quickly. */
  static ClientBuilder<AiStatsClient> clientFor(String baseUrl) {
    return AiStatsClient.builder()
        .apiKey(API_KEY)
        .baseUrl(baseUrl)
        .connectTimeout(Duration.ofSeconds(2))
        .responseTimeout(Duration.ofSeconds(2))
        .timeout(Duration.ofSeconds(10));
  }
}
