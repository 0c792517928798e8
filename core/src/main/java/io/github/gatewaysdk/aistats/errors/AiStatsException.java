package io.github.gatewaysdk.aistats.errors;

/** Base of every exception the AI Stats client throws. Its message is one line and never contains the API key. */
public class AiStatsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AiStatsException(String message) {
    super(message);
  }

  public AiStatsException(String message, Throwable cause) {
    super(message, cause);
  }
}
