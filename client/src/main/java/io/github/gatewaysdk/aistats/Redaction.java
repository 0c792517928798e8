package io.github.gatewaysdk.aistats;

import java.util.Locale;

/** Keeps credentials out of toString(), messages and logs. */
final class Redaction {
  static final String REDACTED = "<redacted>";

  private Redaction() {
  }

  /** Headers whose values are credentials. */
  static boolean isSecretHeader(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.equals("authorization") || lower.equals("proxy-authorization") || lower.contains("api-key")
        || lower.contains("token") || lower.equals("cookie");
  }

  static String headerValue(String name, String value) {
    return isSecretHeader(name) ? REDACTED : value;
  }

  /** Replaces every occurrence of the secret in text, for text that comes from outside (a server echoing a header). */
  static String scrub(String text, String secret) {
    if (text == null || secret == null || secret.isEmpty()) {
      return text;
    }
    return text.replace(secret, REDACTED);
  }
}
