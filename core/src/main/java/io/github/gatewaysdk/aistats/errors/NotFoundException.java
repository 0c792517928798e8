package io.github.gatewaysdk.aistats.errors;

import java.util.List;
import java.util.Map;

/** 404 Not Found: no such endpoint or model. */
public class NotFoundException extends AiStatsServiceException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message, int statusCode, Map<String, List<String>> headers, String requestId, String body,
      Throwable cause) {
    super(message, statusCode, headers, requestId, body, cause);
  }
}
