package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.Redaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the core shows of credentials: nothing, however they are named or where they sit in a URL. */
class RedactionTest {
  @ParameterizedTest
  @ValueSource(strings = {"Authorization", "proxy-authorization", "X-Api-Key", "x-goog-api-key", "X-Auth-Token",
      "token", "X-CSRF-Token", "x-token-tokens", "Cookie", "SET-COOKIE", "X-Client-Secret", "x-customer-id"})
  void credentialHeadersAreSecretByNameOrMark(String name) {
    assertTrue(Redaction.isSecretHeader(name, Set.of("x-customer-id")), name);
    assertEquals(Redaction.REDACTED, Redaction.headerValue(name, "v", Set.of("x-customer-id")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Content-Type", "X-Request-Id", "Accept", "Authorization-Hint-Free", "Cookies-Policy",
      "x-ratelimit-remaining-tokens", "X-Tokens-Used"})
  void otherHeadersAreShown(String name) {
    assertFalse(Redaction.isSecretHeader(name, Redaction.NONE_MARKED), name);
    assertEquals("v", Redaction.headerValue(name, "v", Set.of("x-customer-id")));
  }

  @Test
  void headersAreListedWithSecretsRedacted() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer sk-1");
    headers.put("X-Title", "nightly");
    assertEquals("{Authorization=<redacted>, X-Title=nightly}", Redaction.headers(headers, Redaction.NONE_MARKED));
    assertEquals("{}", Redaction.headers(Map.of(), Redaction.NONE_MARKED));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "https://cdn.example.com/a.png?sig=abc&exp=1 | https://cdn.example.com/a.png?<redacted>",
      "https://user:pw@cdn.example.com/a.png | https://<redacted>@cdn.example.com/a.png",
      "https://user:pw@cdn.example.com?x=1 | https://<redacted>@cdn.example.com?<redacted>",
      "https://cdn.example.com/a@b.png | https://cdn.example.com/a@b.png",
      "https://cdn.example.com/p?q=a@b | https://cdn.example.com/p?<redacted>",
      "https://cdn.example.com#x@y | https://cdn.example.com#x@y",
      "cdn.example.com/a@b?x | cdn.example.com/a@b?<redacted>",
      "https://user@host | https://<redacted>@host",
      "https://host/plain | https://host/plain",
      "?sig=abc | ?<redacted>",
      "://user@host | ://<redacted>@host",
      "://host/a@b | ://host/a@b"})
  void urlsLoseTheirUserInfoAndQueryValues(String url, String shown) {
    assertEquals(shown, Redaction.url(url));
  }

  @Test
  void scrubReplacesEveryOccurrenceOfTheSecret() {
    assertEquals("a <redacted> b <redacted>", Redaction.scrub("a sk-1 b sk-1", "sk-1"));
    assertEquals("nothing", Redaction.scrub("nothing", "sk-1"));
    assertEquals("kept", Redaction.scrub("kept", ""));
    assertEquals("kept", Redaction.scrub("kept", null));
    assertNull(Redaction.scrub(null, "sk-1"));
    assertFalse(Redaction.scrub("Bearer sk-1", "sk-1").contains("sk-1"));
  }
}
