package io.github.gatewaysdk.aistats.core.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hc.core5.http.Header;

/**
 * Internal: not for applications, and free to change in any release. Header rules shared by the options, the
 * interceptors' requests, generated requests and error messages.
 */
public final class Headers {
  /** Set by the client from the body and the connection; a caller's value would break the exchange. */
  private static final Set<String> RESERVED = new HashSet<>(Arrays.asList(
      "content-length", "transfer-encoding", "host", "content-type", "connection", "expect", "upgrade", "te"));

  private Headers() {
  }

  public static void checkSettable(String name, String value) {
    if (name == null || name.isEmpty() || !isToken(name)) {
      throw new IllegalArgumentException("a header name must be a non-empty HTTP token, was \"" + name + "\"");
    }
    if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("the header " + name + " is set by the client from the body and the"
          + " connection and cannot be set by hand");
    }
    if (value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("the value of header " + name + " must be non-null and on one line");
    }
    if (!isFieldValue(value)) {
      throw new IllegalArgumentException("the value of header " + name + " must be printable ASCII (HTTP sends"
          + " other characters as '?'); percent-encode or base64 it");
    }
  }

  /**
   * Whether a header value is sent as it is: visible ASCII, spaces and tabs. HttpClient writes a character outside
   * it as '?', and a control character (NUL) would corrupt the request.
   */
  public static boolean isFieldValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private static boolean isToken(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!token) {
        return false;
      }
    }
    return true;
  }

  /** Response headers by name, case-insensitive, values in the order received. */
  public static Map<String, List<String>> toMap(Header[] headers) {
    Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Header header : headers) {
      map.computeIfAbsent(header.getName(), name -> new ArrayList<>()).add(header.getValue());
    }
    for (Map.Entry<String, List<String>> entry : map.entrySet()) {
      entry.setValue(Collections.unmodifiableList(entry.getValue()));
    }
    return Collections.unmodifiableMap(map);
  }

  /** {@code headers} without the headers {@code names}, when it has them. */
  public static Map<String, List<String>> without(Map<String, List<String>> headers, String... names) {
    Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    map.putAll(headers);
    return map.keySet().removeAll(Arrays.asList(names)) ? Collections.unmodifiableMap(map) : headers;
  }

  /** A copy of {@code headers} with credential values redacted, for toString() and interceptors. */
  public static Map<String, List<String>> redacted(Map<String, List<String>> headers, Set<String> marked) {
    Map<String, List<String>> shown = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (Redaction.isSecretHeader(header.getKey(), marked)) {
        shown.put(header.getKey(), Collections.singletonList(Redaction.REDACTED));
      } else {
        shown.put(header.getKey(), header.getValue());
      }
    }
    return Collections.unmodifiableMap(shown);
  }

  public static String first(Map<String, List<String>> headers, String name) {
    if (headers == null) {
      return null;
    }
    List<String> values = headers.get(name);
    if (values == null) {
      for (Map.Entry<String, List<String>> header : headers.entrySet()) {
        if (header.getKey().equalsIgnoreCase(name)) {
          values = header.getValue();
          break;
        }
      }
    }
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
