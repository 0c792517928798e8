package io.github.gatewaysdk.aistats.errors;

import java.util.List;
import java.util.Map;

/** A status without a more specific exception (for example 409, 413 or a 3xx, as redirects are not followed). */
public class UnexpectedStatusException extends AiStatsServiceException {
  private static final long serialVersionUID = 1L;

  public UnexpectedStatusException(String message, int statusCode, Map<String, List<String>> headers, String requestId, String body,
      Throwable cause) {
    super(message, statusCode, headers, requestId, body, cause);
  }
}
