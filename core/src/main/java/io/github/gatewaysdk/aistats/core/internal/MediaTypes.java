package io.github.gatewaysdk.aistats.core.internal;

import java.util.Locale;

/** The few media-type tests the core makes, by hand: a parser per call was a visible cost of small calls. */
public final class MediaTypes {
  private MediaTypes() {
  }

  /** {@code type/subtype} in lower case, without parameters. */
  public static String essence(String contentType) {
    int parameters = contentType.indexOf(';');
    return (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
  }

  public static boolean isJson(String essence) {
    return essence.equals("application/json") || essence.endsWith("+json");
  }

  /** Whether {@code essence} lies in {@code range} ({@code type/subtype}, {@code type/*} or {@code *}{@code /*}). */
  public static boolean matches(String range, String essence) {
    String lower = essence(range);
    if (lower.equals("*/*") || lower.equals(essence)) {
      return true;
    }
    return lower.endsWith("/*") && essence.startsWith(lower.substring(0, lower.length() - 1));
  }
}
