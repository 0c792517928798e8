package io.github.gatewaysdk.aistats.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The base URL's rules, each refusal saying why and where the URL came from, with no credential shown. */
class BaseUrlTest {
  @ParameterizedTest
  @CsvSource({"https://api.example/v1, https://api.example/v1", "HTTP://api.example/v1///, HTTP://api.example/v1",
      "https://api.example:1, https://api.example:1", "https://api.example:65535/, https://api.example:65535",
      "http://127.0.0.1:8080, http://127.0.0.1:8080"})
  void aPlainHttpUrlIsKeptWithoutTrailingSlashes(String url, String kept) {
    assertEquals(kept, BaseUrl.check(url, "baseUrl"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "https://api example | it is not a URL",
      "ftp://api.example | it must be an http(s) URL with a host",
      "/v1 | it must be an http(s) URL with a host",
      "https:/v1 | it must be an http(s) URL with a host",
      "https://user:pw@api.example | it must not carry user-info; the API key is set with apiKey",
      "https://api.example/v1?sig=k | it must not have a query or fragment",
      "https://api.example/v1#top | it must not have a query or fragment",
      "https://api.example:0 | its port must be between 1 and 65535",
      "https://api.example:65536 | its port must be between 1 and 65535"})
  void anythingElseIsRefusedSayingWhy(String url, String why) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BaseUrl.check(url, "AI_STATS_BASE_URL"));
    assertTrue(e.getMessage().startsWith("the base URL (AI_STATS_BASE_URL) is not usable: " + why + "; was \""),
        e.getMessage());
    assertFalse(e.getMessage().contains("pw@") || e.getMessage().contains("sig=k"), e.getMessage());
  }

  @Test
  void httpMeansHttpOrHttpsInAnyCaseWithAHost() {
    assertTrue(BaseUrl.isHttp(URI.create("HTTPS://h")));
    assertTrue(BaseUrl.isHttp(URI.create("http://h/p")));
    assertFalse(BaseUrl.isHttp(URI.create("https:///p")));
    assertFalse(BaseUrl.isHttp(URI.create("file:///p")));
    assertFalse(BaseUrl.isHttp(URI.create("h/p")));
  }
}
