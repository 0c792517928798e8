package io.github.gatewaysdk.aistats.errors;

import java.util.List;
import java.util.Map;

/** 429 Too Many Requests: still rate limited after the configured retries. */
public class RateLimitException extends AiStatsServiceException {
  private static final long serialVersionUID = 1L;

  public RateLimitException(String message, int statusCode, Map<String, List<String>> headers, String requestId, String body,
      Throwable cause) {
    super(message, statusCode, headers, requestId, body, cause);
  }
}
