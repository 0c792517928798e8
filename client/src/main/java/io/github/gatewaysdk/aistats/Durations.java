package io.github.gatewaysdk.aistats;

import java.time.Duration;

/** Argument checks shared by the client's builder and {@link RequestOptions}. */
final class Durations {
  static final int MAX_RETRIES = 10;

  private Durations() {
  }

  static Duration positive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
    }
    return value;
  }

  static int retries(int value) {
    if (value < 0 || value > MAX_RETRIES) {
      throw new IllegalArgumentException("maxRetries must be between 0 and " + MAX_RETRIES + ", was " + value);
    }
    return value;
  }
}
