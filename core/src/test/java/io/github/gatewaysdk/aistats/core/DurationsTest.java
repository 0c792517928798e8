package io.github.gatewaysdk.aistats.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The settings' ranges, at their exact ends: 1 ms to 1 day for a duration, 0 to 10 retries. */
class DurationsTest {
  @Test
  void aDurationFrom1MsTo1DayIsKeptAsItIs() {
    Duration min = Duration.ofMillis(1);
    Duration max = Duration.ofDays(1);
    assertSame(min, Durations.check("timeout", min));
    assertSame(max, Durations.check("timeout", max));
    Duration between = Duration.ofSeconds(30);
    assertSame(between, Durations.check("timeout", between));
  }

  @Test
  void aDurationJustOutsideTheRangeOrNoneIsRefusedNamingTheSettingAndValue() {
    IllegalArgumentException below = assertThrows(IllegalArgumentException.class,
        () -> Durations.check("responseTimeout", Duration.ofMillis(1).minusNanos(1)));
    assertEquals("responseTimeout must be between 1 ms and 1 day (PT24H), was PT0.000999999S", below.getMessage());
    IllegalArgumentException above = assertThrows(IllegalArgumentException.class,
        () -> Durations.check("timeout", Duration.ofDays(1).plusNanos(1)));
    assertEquals("timeout must be between 1 ms and 1 day (PT24H), was PT24H0.000000001S", above.getMessage());
    assertEquals("timeout must be between 1 ms and 1 day (PT24H), was null",
        assertThrows(IllegalArgumentException.class, () -> Durations.check("timeout", null)).getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 10})
  void retriesFrom0To10AreKept(int retries) {
    assertEquals(retries, Durations.retries(retries));
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 11, Integer.MIN_VALUE})
  void retriesOutsideTheRangeAreRefusedNamingTheValue(int retries) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.retries(retries));
    assertEquals("maxRetries must be between 0 and 10, was " + retries, e.getMessage());
  }
}
