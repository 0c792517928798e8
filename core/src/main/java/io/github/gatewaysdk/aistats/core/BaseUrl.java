package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.Redaction;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** The base URL's rules: a plain http(s) URL, since a query, fragment or user-info would send every call astray. */
final class BaseUrl {
  private BaseUrl() {
  }

  /** @return {@code url} without trailing slashes */
  static String check(String url, String source) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw invalid(url, source, "it is not a URL");
    }
    if (!isHttp(uri)) {
      throw invalid(url, source, "it must be an http(s) URL with a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw invalid(url, source, "it must not carry user-info; the API key is set with apiKey");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw invalid(url, source, "it must not have a query or fragment");
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      throw invalid(url, source, "its port must be between 1 and 65535");
    }
    String trimmed = url;
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed;
  }

  static boolean isHttp(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
  }

  private static IllegalArgumentException invalid(String url, String source, String why) {
    return new IllegalArgumentException("the base URL (" + source + ") is not usable: " + why + "; was \""
        + Redaction.url(url) + "\"");
  }
}
