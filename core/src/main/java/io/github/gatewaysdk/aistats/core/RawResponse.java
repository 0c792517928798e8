package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.Headers;
import java.util.List;
import java.util.Map;

/**
 * A successful answer with what the parsed body leaves out: status, headers and the gateway's request id. Every
 * operation returns one from its service's {@code withRawResponse()} form.
 *
 * <pre>{@code
 * RawResponse<ImagesEditResponse> raw = client.images().withRawResponse().edit(request);
 * log.info("request id {} in {} attempt(s)", raw.requestId(), raw.attempts());
 * ImagesEditResponse response = raw.body();
 * }</pre>
 *
 * @param <T> the parsed body's type
 */
public final class RawResponse<T> {
  private final int statusCode;
  private final Map<String, List<String>> headers;
  private final int attempts;
  private final T body;

  RawResponse(int statusCode, Map<String, List<String>> headers, int attempts, T body) {
    this.statusCode = statusCode;
    this.headers = headers;
    this.attempts = attempts;
    this.body = body;
  }

  /** @return the HTTP status code, 2xx */
  public int statusCode() {
    return statusCode;
  }

  /** @return the response headers, looked up case-insensitively; values in the order received */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /**
   * @param name a header name, any case
   * @return its first value, or null
   */
  public String header(String name) {
    return Headers.first(headers, name);
  }

  /** @return the {@code x-request-id} response header, which the gateway's support asks for, or null when none */
  public String requestId() {
    return header("x-request-id");
  }

  /** @return how many attempts the call took, 1 when it succeeded at once */
  public int attempts() {
    return attempts;
  }

  /** @return the parsed body; null for operations without one */
  public T body() {
    return body;
  }

  @Override
  public String toString() {
    return "RawResponse{statusCode=" + statusCode + ", requestId=" + requestId() + ", attempts=" + attempts + "}";
  }
}
