package io.github.gatewaysdk.aistats.errors;

/** A connect or response timeout, or the call's overall deadline (retries included), ran out. */
public class AiStatsTimeoutException extends AiStatsException {
  private static final long serialVersionUID = 1L;

  public AiStatsTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
