package io.github.gatewaysdk.aistats.errors;

import java.util.List;
import java.util.Map;

/** 401 Unauthorized: the API key is missing, wrong or revoked. */
public class AuthenticationException extends AiStatsServiceException {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(String message, int statusCode, Map<String, List<String>> headers, String requestId, String body,
      Throwable cause) {
    super(message, statusCode, headers, requestId, body, cause);
  }
}
