package io.github.gatewaysdk.aistats.errors;

import java.util.List;
import java.util.Map;

/** A success status whose body is not the expected JSON (empty, HTML from a proxy, truncated). */
public class MalformedResponseException extends AiStatsServiceException {
  private static final long serialVersionUID = 1L;

  public MalformedResponseException(String message, int statusCode, Map<String, List<String>> headers, String requestId, String body,
      Throwable cause) {
    super(message, statusCode, headers, requestId, body, cause);
  }
}
