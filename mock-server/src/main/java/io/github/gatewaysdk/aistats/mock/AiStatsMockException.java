package io.github.gatewaysdk.aistats.mock;

/** The mock could not be installed or started; the message names the cause and the fix. */
public final class AiStatsMockException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AiStatsMockException(String message) {
        super(message);
    }

    AiStatsMockException(String message, Throwable cause) {
        super(message, cause);
    }
}
