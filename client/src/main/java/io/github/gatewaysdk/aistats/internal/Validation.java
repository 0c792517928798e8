package io.github.gatewaysdk.aistats.internal;

import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Internal: not for applications, and free to change in any release. The hand-written argument checks, for what the
 * contract cannot state; generated services run them ({@code operationChecks} in the parent POM) after the
 * contract's own, before anything is sent, so a bad request costs neither a round trip nor a charge.
 */
public final class Validation {
  private static final int SHOWN_CHARS = 40;

  private Validation() {
  }

  /**
   * The checks of an edit request that the contract cannot state: {@code image} and, when set, {@code mask} must be
   * a base64 data URL or an http(s) URL.
   *
   * @param request the request
   * @throws IllegalArgumentException naming the field and the rule
   */
  public static void checkEditRequest(ImagesEditRequest request) {
    imageReference("image", request.getImage());
    if (request.getMask() != null) {
      imageReference("mask", request.getMask());
    }
  }

  /**
   * An image is sent inline as a base64 data URL or by reference as an http(s) URL.
   *
   * @param field the field, as messages name it
   * @param value its value
   * @throws IllegalArgumentException naming the field and the rule
   */
  public static void imageReference(String field, String value) {
    if (isBase64DataUrl(value) || isHttpUrl(value)) {
      return;
    }
    throw new IllegalArgumentException(field + " must be a data URL (data:<mime>;base64,<data>) or an http(s) URL,"
        + " was \"" + shorten(value) + "\"");
  }

  /**
   * Whether {@code value} is {@code data:<type>/<subtype>[;<name>=<value>]...;base64,<data>} with some data. Only the
   * header is read, by hand: a regular expression over it was a visible part of a small call's cost, and one over the
   * whole value cost more than a call with a multi-megabyte image.
   */
  public static boolean isBase64DataUrl(String value) {
    if (!value.startsWith("data:")) {
      return false;
    }
    int slash = tokenEnd(value, 5);
    if (slash == 5 || slash == value.length() || value.charAt(slash) != '/') {
      return false;
    }
    int at = tokenEnd(value, slash + 1);
    if (at == slash + 1) {
      return false;
    }
    while (at < value.length() && value.charAt(at) == ';') {
      int name = at + 1;
      int nameEnd = tokenEnd(value, name);
      if (nameEnd == name || nameEnd == value.length()) {
        return false;
      }
      if (value.charAt(nameEnd) == ',') {
        return nameEnd - name == 6 && value.startsWith("base64", name) && nameEnd + 1 < value.length();
      }
      if (value.charAt(nameEnd) != '=') {
        return false;
      }
      at = nameEnd + 1;
      while (at < value.length() && value.charAt(at) != ';' && value.charAt(at) != ',') {
        at++;
      }
    }
    return false;
  }

  /** The end of the run of token characters (ASCII letters, digits and {@code _.+-}) starting at {@code from}. */
  private static int tokenEnd(String value, int from) {
    int at = from;
    while (at < value.length() && isTokenChar(value.charAt(at))) {
      at++;
    }
    return at;
  }

  private static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
        || c == '+' || c == '-';
  }

  static boolean isHttpUrl(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static String shorten(String value) {
    return value.length() <= SHOWN_CHARS ? value : value.substring(0, SHOWN_CHARS) + "...";
  }
}
