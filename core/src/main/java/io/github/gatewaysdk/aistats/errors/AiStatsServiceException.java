package io.github.gatewaysdk.aistats.errors;

import io.github.gatewaysdk.aistats.core.internal.Headers;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The gateway answered, but not with a usable result: an error status (see the subclasses) or an unreadable body.
 * Carries the status, the response headers, the {@code x-request-id} (for support requests) and the body.
 */
public class AiStatsServiceException extends AiStatsException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final Map<String, List<String>> headers;
  private final String requestId;
  private final String body;

  public AiStatsServiceException(String message, int statusCode, Map<String, List<String>> headers, String requestId,
      String body, Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
    this.headers = headers == null ? Collections.<String, List<String>>emptyMap() : Collections.unmodifiableMap(headers);
    this.requestId = requestId;
    this.body = body;
  }

  /** @return the HTTP status code of the answer */
  public int statusCode() {
    return statusCode;
  }

  /**
   * @return the response headers, looked up case-insensitively when the client made this exception; values in the
   *     order received, credentials redacted ({@code Set-Cookie}, and the API key wherever a server echoed it)
   */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /**
   * @param name a header name, any case
   * @return its first value, as {@link #headers()} shows it, or null
   */
  public String header(String name) {
    return Headers.first(headers, name);
  }

  /** @return the {@code x-request-id} response header, or null when the gateway sent none */
  public String requestId() {
    return requestId;
  }

  /** @return the response body as text, or null when there was none */
  public String body() {
    return body;
  }
}
