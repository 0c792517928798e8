package io.github.gatewaysdk.aistats.errors;

import java.util.List;
import java.util.Map;

/** A 5xx status: the gateway or the provider behind it failed (503 after the configured retries). */
public class InternalServerException extends AiStatsServiceException {
  private static final long serialVersionUID = 1L;

  public InternalServerException(String message, int statusCode, Map<String, List<String>> headers, String requestId, String body,
      Throwable cause) {
    super(message, statusCode, headers, requestId, body, cause);
  }
}
