package io.github.gatewaysdk.aistats.core;

import java.time.Duration;

/** Range checks of the settings, made when they are set, so a bad value never reaches a call. */
final class Durations {
  static final int MAX_RETRIES = 10;
  static final Duration MIN = Duration.ofMillis(1);
  /** Far above any call this API serves, and far below where millisecond and nanosecond arithmetic overflows. */
  static final Duration MAX = Duration.ofDays(1);

  private Durations() {
  }

  /** @return {@code value}, when it lies between 1 ms and 1 day */
  static Duration check(String name, Duration value) {
    if (value == null || value.compareTo(MIN) < 0 || value.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(name + " must be between 1 ms and 1 day (PT24H), was " + value);
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
