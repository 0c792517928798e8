package io.github.gatewaysdk.aistats.core.internal;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Internal: not for applications, and free to change in any release. Keeps credentials out of toString(), messages
 * and logs.
 */
public final class Redaction {
  public static final String REDACTED = "<redacted>";
  public static final Set<String> NONE_MARKED = Collections.emptySet();
  /** "token" names a credential (X-Auth-Token, X-CSRF-Token); "tokens" counts usage (x-ratelimit-remaining-tokens). */
  private static final Pattern CREDENTIAL_TOKEN = Pattern.compile("token(?!s)");

  private Redaction() {
  }

  /**
   * Headers whose values are credentials: by name, or marked so by the caller ({@code sensitiveHeader}).
   *
   * @param marked lower-case names the caller marked sensitive
   */
  public static boolean isSecretHeader(String name, Set<String> marked) {
    String lower = name.toLowerCase(Locale.ROOT);
    return marked.contains(lower) || lower.equals("authorization") || lower.equals("proxy-authorization")
        || lower.contains("api-key") || CREDENTIAL_TOKEN.matcher(lower).find() || lower.equals("cookie") || lower.equals("set-cookie") || lower.contains("secret");
  }

  public static String headerValue(String name, String value, Set<String> marked) {
    return isSecretHeader(name, marked) ? REDACTED : value;
  }

  /** {@code {name=value, ...}} with credential values redacted. */
  public static String headers(Map<String, String> headers, Set<String> marked) {
    StringBuilder shown = new StringBuilder("{");
    for (Map.Entry<String, String> header : headers.entrySet()) {
      shown.append(shown.length() == 1 ? "" : ", ").append(header.getKey()).append('=')
          .append(headerValue(header.getKey(), header.getValue(), marked));
    }
    return shown.append('}').toString();
  }

  /** A URL as it may be shown: without user-info, and with the query's values redacted (signed URLs carry keys). */
  public static String url(String url) {
    String shown = url;
    int scheme = shown.indexOf("://");
    int at = shown.indexOf('@');
    int pathStart = scheme < 0 ? -1 : indexOfAny(shown, scheme + 3, "/?#");
    if (scheme >= 0 && at > scheme && (pathStart < 0 || at < pathStart)) {
      shown = shown.substring(0, scheme + 3) + REDACTED + "@" + shown.substring(at + 1);
    }
    int query = shown.indexOf('?');
    return query < 0 ? shown : shown.substring(0, query) + "?" + REDACTED;
  }

  private static int indexOfAny(String text, int from, String chars) {
    for (int i = from; i < text.length(); i++) {
      if (chars.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** Replaces every occurrence of the secret in text, for text that comes from outside (a server echoing a header). */
  public static String scrub(String text, String secret) {
    if (text == null || secret == null || secret.isEmpty()) {
      return text;
    }
    return text.replace(secret, REDACTED);
  }
}
