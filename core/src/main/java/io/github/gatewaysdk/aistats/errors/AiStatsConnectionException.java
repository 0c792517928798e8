package io.github.gatewaysdk.aistats.errors;

/**
 * No usable HTTP answer arrived: the connection was refused, reset or closed early, or the bytes were not HTTP.
 * Whether the gateway received (and will bill) the request is unknown unless the connection was never made.
 */
public class AiStatsConnectionException extends AiStatsException {
  private static final long serialVersionUID = 1L;

  public AiStatsConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
