package io.github.gatewaysdk.aistats.errors;

import java.util.List;
import java.util.Map;

/** 422 Unprocessable Entity: the request broke a rule of the API (the message lists each violation). */
public class UnprocessableEntityException extends AiStatsServiceException {
  private static final long serialVersionUID = 1L;

  public UnprocessableEntityException(String message, int statusCode, Map<String, List<String>> headers, String requestId, String body,
      Throwable cause) {
    super(message, statusCode, headers, requestId, body, cause);
  }
}
