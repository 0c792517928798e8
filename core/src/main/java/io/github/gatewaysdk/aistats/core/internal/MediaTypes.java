package io.github.gatewaysdk.aistats.core.internal;

import java.util.Locale;

/**
 * Internal: not for applications, and free to change in any release. The media types of the bodies the SDK sends, and
 * the few media-type tests the core makes, by hand: a parser per call was a visible cost of small calls.
 */
public final class MediaTypes {
  /** A JSON body. */
  public static final String JSON = "application/json";
  /** A form of parts, OpenAPI's usual form body and the one for files. */
  public static final String MULTIPART = "multipart/form-data";
  /** An answer of server-sent events. */
  public static final String EVENT_STREAM = "text/event-stream";
  /** A form of {@code name=value} pairs. */
  public static final String URL_ENCODED = "application/x-www-form-urlencoded";
  /** Any media type: the range of a file sent as a whole body. */
  public static final String ANY = "*/*";

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
