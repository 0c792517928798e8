package io.github.gatewaysdk.aistats.errors;

import java.util.List;
import java.util.Map;

/** 400 Bad Request: the request is malformed. */
public class BadRequestException extends AiStatsServiceException {
  private static final long serialVersionUID = 1L;

  public BadRequestException(String message, int statusCode, Map<String, List<String>> headers, String requestId, String body,
      Throwable cause) {
    super(message, statusCode, headers, requestId, body, cause);
  }
}
