package io.github.gatewaysdk.aistats.errors;

import java.util.List;
import java.util.Map;

/** 403 Forbidden: the API key may not use this model or feature. */
public class PermissionDeniedException extends AiStatsServiceException {
  private static final long serialVersionUID = 1L;

  public PermissionDeniedException(String message, int statusCode, Map<String, List<String>> headers, String requestId, String body,
      Throwable cause) {
    super(message, statusCode, headers, requestId, body, cause);
  }
}
