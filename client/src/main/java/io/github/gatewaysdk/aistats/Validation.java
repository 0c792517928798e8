package io.github.gatewaysdk.aistats;

import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Argument checks run before anything is sent, so a bad request costs neither a round trip nor a charge. */
final class Validation {
  static final int MIN_N = 1;
  static final int MAX_N = 10;
  // Only the header is matched: scanning a multi-megabyte payload with the regex cost more than the call itself.
  private static final Pattern DATA_URL_HEADER = Pattern.compile("data:[\\w.+-]+/[\\w.+-]+(;[\\w.+-]+=[^;,]*)*;base64,");
  private static final int SHOWN_CHARS = 40;

  private Validation() {
  }

  static void editRequest(ImagesEditRequest request) {
    if (request == null) {
      throw new IllegalArgumentException("request must not be null");
    }
    required("model", request.getModel());
    required("image", request.getImage());
    required("prompt", request.getPrompt());
    imageReference("image", request.getImage());
    if (request.getMask() != null) {
      imageReference("mask", request.getMask());
    }
    Integer n = request.getN();
    if (n != null && (n < MIN_N || n > MAX_N)) {
      throw new IllegalArgumentException("n must be between " + MIN_N + " and " + MAX_N + ", was " + n);
    }
  }

  static void required(String field, String value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is required, was null");
    }
    if (value.trim().isEmpty()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }

  /** An image is sent inline as a base64 data URL or by reference as an http(s) URL. */
  static void imageReference(String field, String value) {
    Matcher header = DATA_URL_HEADER.matcher(value);
    if ((header.lookingAt() && header.end() < value.length()) || isHttpUrl(value)) {
      return;
    }
    throw new IllegalArgumentException(field + " must be a data URL (data:<mime>;base64,<data>) or an http(s) URL,"
        + " was \"" + shorten(value) + "\"");
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
