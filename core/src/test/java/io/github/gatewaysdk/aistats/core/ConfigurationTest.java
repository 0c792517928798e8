package io.github.gatewaysdk.aistats.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gatewaysdk.aistats.errors.AiStatsException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationTest {
  private static final String KEY = TestSupport.API_KEY;

  private static TestClient build(ClientBuilder<TestClient> builder, Map<String, String> properties,
      Map<String, String> env) {
    return builder.systemProperties(properties::get).environment(env::get).build();
  }

  @Test
  void builderBeatsSystemPropertyBeatsEnvironmentBeatsDefault() {
    Map<String, String> props = Map.of("ai.stats.api.key", "sk-prop", "ai.stats.base.url", "https://prop.example/v1");
    Map<String, String> env = Map.of("AI_STATS_API_KEY", "sk-env", "AI_STATS_BASE_URL", "https://env.example/v1");

    try (TestClient client = build(TestClient.builder().apiKey("sk-builder").baseUrl("https://b.example/v1/"),
        props, env)) {
      assertEquals("sk-builder", client.core.apiKeyForTests());
      assertEquals("https://b.example/v1", client.core.baseUrl());
    }
    try (TestClient client = build(TestClient.builder(), props, env)) {
      assertEquals("sk-prop", client.core.apiKeyForTests());
      assertEquals("https://prop.example/v1", client.core.baseUrl());
    }
    try (TestClient client = build(TestClient.builder(), Map.of(), env)) {
      assertEquals("sk-env", client.core.apiKeyForTests());
      assertEquals("https://env.example/v1", client.core.baseUrl());
    }
    try (TestClient client = build(TestClient.builder(), Map.of(), Map.of("AI_STATS_API_KEY", "sk-env"))) {
      assertEquals("https://api.phaseo.app/v1", client.core.baseUrl());
    }
  }

  @Test
  void blankValuesFallThrough() {
    try (TestClient client = build(TestClient.builder().apiKey("  "), Map.of("ai.stats.api.key", ""),
        Map.of("AI_STATS_API_KEY", "sk-env"))) {
      assertEquals("sk-env", client.core.apiKeyForTests());
    }
  }

  @Test
  void missingKeyNamesWhereToSetIt() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> build(TestClient.builder(), Map.of(), Map.of()));
    assertTrue(e.getMessage().contains("AI_STATS_API_KEY"), e.getMessage());
    assertTrue(e.getMessage().contains("ai.stats.api.key"), e.getMessage());
  }

  @Test
  void aPortOutOfRangeIsRejectedAtBuildNamingTheSetting() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> build(TestClient.builder().apiKey(KEY).baseUrl("http://127.0.0.1:99999"), Map.of(), Map.of()));
    assertTrue(e.getMessage().contains("builder baseUrl") && e.getMessage().contains("port must be between 1 and"
        + " 65535"), e.getMessage());
  }

  @Test
  void aKeyOrHeaderHttpWouldAlterIsRejectedNamingTheSetting() {
    for (String key : List.of("sk-caf\u00e9", "sk-a\r\nX-Injected: 1", "sk-\u0000x")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> build(TestClient.builder().apiKey(key), Map.of(), Map.of()));
      assertTrue(e.getMessage().contains("builder apiKey, ai.stats.api.key or AI_STATS_API_KEY"), e.getMessage());
      assertFalse(e.getMessage().contains(key.substring(3)), "the key stays out of the message: " + e.getMessage());
    }
    for (String value : List.of("a\u0000b", "caf\u00e9")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> TestClient.builder().header("X-Tag", value));
      assertTrue(e.getMessage().startsWith("the value of header X-Tag must be printable ASCII"), e.getMessage());
    }
    TestClient.builder().header("X-Tag", "tab\tand space ~ ok"); // visible ASCII, spaces and tabs pass
  }

  @Test
  void badBaseUrlIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> build(TestClient.builder().apiKey(KEY), Map.of(), Map.of("AI_STATS_BASE_URL", "api.phaseo.app")));
    assertTrue(e.getMessage().contains("AI_STATS_BASE_URL"), e.getMessage());
  }

  @Test
  void defaultsAreSizedForImageGeneration() {
    try (TestClient client = build(TestClient.builder().apiKey(KEY), Map.of(), Map.of())) {
      assertEquals(Duration.ofSeconds(10), client.core.connectTimeout());
      assertEquals(Duration.ofSeconds(120), client.core.defaults.responseTimeout());
      assertEquals(Duration.ofSeconds(300), client.core.defaults.timeout());
      assertEquals(2, client.core.defaults.maxRetries());
      assertEquals(false, client.core.defaults.retryNonIdempotentFailures());
      assertEquals(64, client.core.maxConnections());
    }
  }

  @Test
  void invalidSettingsAreRejectedWithTheirName() {
    ClientBuilder<TestClient> builder = TestClient.builder();
    assertEquals("timeout must be between 1 ms and 1 day (PT24H), was PT0S",
        assertThrows(IllegalArgumentException.class, () -> builder.timeout(Duration.ZERO)).getMessage());
    assertEquals("responseTimeout must be between 1 ms and 1 day (PT24H), was PT0.0005S",
        assertThrows(IllegalArgumentException.class, () -> builder.responseTimeout(Duration.ofNanos(500_000)))
            .getMessage());
    assertEquals("timeout must be between 1 ms and 1 day (PT24H), was PT4800000H", assertThrows(
        IllegalArgumentException.class, () -> builder.timeout(Duration.ofDays(200_000))).getMessage());
    assertThrows(IllegalArgumentException.class, () -> builder.connectTimeout(Duration.ofSeconds(Long.MAX_VALUE)));
    assertEquals("maxRetries must be between 0 and 10, was -1",
        assertThrows(IllegalArgumentException.class, () -> builder.maxRetries(-1)).getMessage());
    assertEquals("maxConnections must be at least 1, was 0",
        assertThrows(IllegalArgumentException.class, () -> builder.maxConnections(0)).getMessage());
  }

  @Test
  void keyNeverAppearsInToString() {
    ClientBuilder<TestClient> builder = TestClient.builder().apiKey(KEY).environment(n -> null)
        .systemProperties(n -> null);
    assertFalse(builder.toString().contains(KEY), builder.toString());
    String withUserInfo = TestClient.builder().baseUrl("https://user:hunter2@api.example/v1").toString();
    assertFalse(withUserInfo.contains("hunter2"), withUserInfo);
    try (TestClient client = builder.build()) {
      assertFalse(client.toString().contains(KEY), client.toString());
      assertTrue(client.toString().contains("apiKey=<redacted>"));
    }
    RequestOptions options = RequestOptions.builder().header("Authorization", "Bearer " + KEY)
        .header("X-Api-Key", KEY).header("X-Title", "shown").build();
    assertFalse(options.toString().contains(KEY), options.toString());
    assertTrue(options.toString().contains("X-Title=shown"));
  }

  @Test
  void userAgentNamesClientVersionAndJava() {
    // Run from target/classes there is no manifest, hence "dev"; the jar's manifest carries the project version.
    assertEquals("ai-stats-client/dev Java/" + System.getProperty("java.version"), UserAgent.value());
  }

  @Test
  void closedClientRefusesCalls() {
    TestClient client = build(TestClient.builder().apiKey(KEY), Map.of(), Map.of());
    client.close();
    client.close(); // idempotent
    AiStatsException e = assertThrows(AiStatsException.class, () -> client.images().edit(TestSupport.request()));
    assertEquals("POST /images/edits was not sent: the client was closed", e.getMessage());
  }
}
