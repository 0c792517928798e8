package io.github.gatewaysdk.aistats.core;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;

/**
 * Which failures are retried, and how long to wait: the pure decisions, apart from any I/O.
 *
 * <p>Image edits are billed POSTs, so by default only failures that prove the gateway did no work are retried: 429 and
 * 503 (the gateway refused the request) and errors raised before a connection existed (refused, connect timeout, no
 * route). A read timeout, a reset or a 500/502/504 may come after the provider generated (and billed) the image, so
 * those are retried only for idempotent requests or when the caller opts in.
 */
final class RetryPolicy {
  /** A Retry-After longer than this is cut to it. */
  static final long MAX_RETRY_AFTER_MILLIS = 60_000;
  static final long BASE_BACKOFF_MILLIS = 500;
  static final long MAX_BACKOFF_MILLIS = 8_000;

  private final int maxRetries;
  private final boolean retryAnyFailure;

  /**
   * @param maxRetries retries after the first attempt; 0 disables retrying
   * @param retryAnyFailure also retry failures after which the request may have been processed
   */
  RetryPolicy(int maxRetries, boolean retryAnyFailure) {
    this.maxRetries = maxRetries;
    this.retryAnyFailure = retryAnyFailure;
  }

  /** @param retriesDone retries already made for this call */
  boolean canRetry(int retriesDone) {
    return retriesDone < maxRetries;
  }

  boolean retriesStatus(int status) {
    if (status == 429 || status == 503) {
      return true;
    }
    return retryAnyFailure && (status == 500 || status == 502 || status == 504);
  }

  boolean retriesException(IOException e) {
    if (neverReachedServer(e)) {
      return true;
    }
    // A pool wait means this JVM is saturated; TLS failures and refused addresses do not heal by themselves.
    return retryAnyFailure && !(e instanceof ConnectionRequestTimeoutException) && !(e instanceof SSLException)
        && !(e instanceof AddressPolicy.Refused);
  }

  /** Failures raised before a TCP connection existed, so nothing of the request left this machine. */
  static boolean neverReachedServer(IOException e) {
    return e instanceof ConnectException || e instanceof ConnectTimeoutException || e instanceof NoRouteToHostException;
  }

  /**
   * Exponential backoff with jitter: the n-th retry waits between half and all of {@code 500 ms * 2^(n-1)}, at most
   * 8 s. Jitter spreads the retries of many clients hit by the same outage.
   *
   * @param retryNumber 1 for the first retry
   * @param random a value in [0, 1)
   */
  static long backoffMillis(int retryNumber, double random) {
    long ceiling = BASE_BACKOFF_MILLIS << Math.min(retryNumber - 1, 20);
    ceiling = Math.min(ceiling, MAX_BACKOFF_MILLIS);
    return ceiling / 2 + (long) (random * (ceiling / 2));
  }

  /**
   * Parses Retry-After (delay in seconds, or an HTTP-date), capped at {@link #MAX_RETRY_AFTER_MILLIS}.
   *
   * @return the delay in milliseconds, or -1 when the header is absent or unreadable
   */
  static long retryAfterMillis(String value, long nowEpochMillis) {
    if (value == null || value.trim().isEmpty()) {
      return -1;
    }
    String trimmed = value.trim();
    long millis;
    if (trimmed.chars().allMatch(Character::isDigit)) {
      try {
        millis = Math.multiplyExact(Long.parseLong(trimmed), 1000L);
      } catch (ArithmeticException | NumberFormatException tooLarge) {
        millis = MAX_RETRY_AFTER_MILLIS;
      }
    } else {
      try {
        long at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        millis = Math.max(0, at - nowEpochMillis);
      } catch (DateTimeParseException e) {
        return -1;
      }
    }
    return Math.min(millis, MAX_RETRY_AFTER_MILLIS);
  }
}
