package io.github.gatewaysdk.aistats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationTest {
  private static final String KEY = TestSupport.API_KEY;

  private static AiStatsClient build(AiStatsClient.Builder builder, Map<String, String> properties,
      Map<String, String> env) {
    return builder.systemProperties(properties::get).environment(env::get).build();
  }

  @Test
  void builderBeatsSystemPropertyBeatsEnvironmentBeatsDefault() {
    Map<String, String> props = Map.of("ai.stats.api.key", "sk-prop", "ai.stats.base.url", "https://prop.example/v1");
    Map<String, String> env = Map.of("AI_STATS_API_KEY", "sk-env", "AI_STATS_BASE_URL", "https://env.example/v1");

    try (AiStatsClient client = build(AiStatsClient.builder().apiKey("sk-builder").baseUrl("https://b.example/v1/"),
        props, env)) {
      assertEquals("sk-builder", client.apiKeyForTests());
      assertEquals("https://b.example/v1", client.baseUrl());
    }
    try (AiStatsClient client = build(AiStatsClient.builder(), props, env)) {
      assertEquals("sk-prop", client.apiKeyForTests());
      assertEquals("https://prop.example/v1", client.baseUrl());
    }
    try (AiStatsClient client = build(AiStatsClient.builder(), Map.of(), env)) {
      assertEquals("sk-env", client.apiKeyForTests());
      assertEquals("https://env.example/v1", client.baseUrl());
    }
    try (AiStatsClient client = build(AiStatsClient.builder(), Map.of(), Map.of("AI_STATS_API_KEY", "sk-env"))) {
      assertEquals("https://api.phaseo.app/v1", client.baseUrl());
    }
  }

  @Test
  void blankValuesFallThrough() {
    try (AiStatsClient client = build(AiStatsClient.builder().apiKey("  "), Map.of("ai.stats.api.key", ""),
        Map.of("AI_STATS_API_KEY", "sk-env"))) {
      assertEquals("sk-env", client.apiKeyForTests());
    }
  }

  @Test
  void missingKeyNamesWhereToSetIt() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> build(AiStatsClient.builder(), Map.of(), Map.of()));
    assertTrue(e.getMessage().contains("AI_STATS_API_KEY"), e.getMessage());
    assertTrue(e.getMessage().contains("ai.stats.api.key"), e.getMessage());
  }

  @Test
  void badBaseUrlIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> build(AiStatsClient.builder().apiKey(KEY), Map.of(), Map.of("AI_STATS_BASE_URL", "api.phaseo.app")));
    assertTrue(e.getMessage().contains("AI_STATS_BASE_URL"), e.getMessage());
  }

  @Test
  void defaultsAreSizedForImageGeneration() {
    try (AiStatsClient client = build(AiStatsClient.builder().apiKey(KEY), Map.of(), Map.of())) {
      assertEquals(Duration.ofSeconds(10), client.connectTimeout());
      assertEquals(Duration.ofSeconds(120), client.responseTimeout());
      assertEquals(Duration.ofSeconds(300), client.timeout());
      assertEquals(2, client.maxRetries());
      assertEquals(64, client.maxConnections());
    }
  }

  @Test
  void invalidSettingsAreRejectedWithTheirName() {
    AiStatsClient.Builder builder = AiStatsClient.builder();
    assertEquals("timeout must be a positive duration, was PT0S",
        assertThrows(IllegalArgumentException.class, () -> builder.timeout(Duration.ZERO)).getMessage());
    assertEquals("maxRetries must be between 0 and 10, was -1",
        assertThrows(IllegalArgumentException.class, () -> builder.maxRetries(-1)).getMessage());
    assertEquals("maxConnections must be at least 1, was 0",
        assertThrows(IllegalArgumentException.class, () -> builder.maxConnections(0)).getMessage());
  }

  @Test
  void keyNeverAppearsInToString() {
    AiStatsClient.Builder builder = AiStatsClient.builder().apiKey(KEY).environment(n -> null)
        .systemProperties(n -> null);
    assertFalse(builder.toString().contains(KEY), builder.toString());
    try (AiStatsClient client = builder.build()) {
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
    AiStatsClient client = build(AiStatsClient.builder().apiKey(KEY), Map.of(), Map.of());
    client.close();
    client.close(); // idempotent
    assertThrows(IllegalStateException.class, () -> client.images().edit(TestSupport.request()));
  }
}
