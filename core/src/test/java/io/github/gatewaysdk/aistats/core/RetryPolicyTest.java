package io.github.gatewaysdk.aistats.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {
  private final RetryPolicy post = new RetryPolicy(2, false);
  private final RetryPolicy optedIn = new RetryPolicy(2, true);

  @ParameterizedTest
  @ValueSource(ints = {429, 503})
  void statusesThatProveNoWorkAreAlwaysRetried(int status) {
    assertTrue(post.retriesStatus(status));
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 504})
  void serverFailuresAreRetriedOnlyWhenOptedIn(int status) {
    assertFalse(post.retriesStatus(status));
    assertTrue(optedIn.retriesStatus(status));
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 400, 401, 403, 404, 409, 422})
  void otherStatusesAreNeverRetried(int status) {
    assertFalse(post.retriesStatus(status));
    assertFalse(optedIn.retriesStatus(status));
  }

  @Test
  void failuresBeforeAnyConnectionAreAlwaysRetried() {
    for (IOException e : new IOException[] {new ConnectException("refused"), new HttpHostConnectException("refused"),
        new ConnectTimeoutException("connect timed out"), new NoRouteToHostException("no route")}) {
      assertTrue(post.retriesException(e), e.toString());
    }
  }

  @Test
  void failuresAfterSendingAreRetriedOnlyWhenOptedIn() {
    for (IOException e : new IOException[] {new SocketTimeoutException("read timed out"),
        new SocketException("Connection reset"), new NoHttpResponseException("no response")}) {
      assertFalse(post.retriesException(e), e.toString());
      assertTrue(optedIn.retriesException(e), e.toString());
    }
  }

  @Test
  void poolExhaustionAndTlsFailuresAreNeverRetried() {
    assertFalse(optedIn.retriesException(new ConnectionRequestTimeoutException("pool")));
    assertFalse(optedIn.retriesException(new SSLHandshakeException("bad certificate")));
  }

  @Test
  void retryBudget() {
    assertTrue(post.canRetry(0));
    assertTrue(post.canRetry(1));
    assertFalse(post.canRetry(2));
    assertFalse(new RetryPolicy(0, true).canRetry(0));
  }

  @Test
  void backoffGrowsExponentiallyWithinJitterBounds() {
    assertEquals(250, RetryPolicy.backoffMillis(1, 0.0));
    assertEquals(499, RetryPolicy.backoffMillis(1, 0.999));
    assertEquals(500, RetryPolicy.backoffMillis(2, 0.0));
    assertEquals(999, RetryPolicy.backoffMillis(2, 0.999));
    assertEquals(1000, RetryPolicy.backoffMillis(3, 0.0));
    for (int retry = 1; retry <= 40; retry++) {
      long low = RetryPolicy.backoffMillis(retry, 0.0);
      long high = RetryPolicy.backoffMillis(retry, 0.999_999);
      assertTrue(low >= 250 && high <= RetryPolicy.MAX_BACKOFF_MILLIS && low <= high, retry + ": " + low + ".." + high);
    }
    assertEquals(4000, RetryPolicy.backoffMillis(30, 0.0));
  }

  @Test
  void retryAfterInSeconds() {
    assertEquals(7000, RetryPolicy.retryAfterMillis("7", 0));
    assertEquals(0, RetryPolicy.retryAfterMillis("0", 0));
    assertEquals(7000, RetryPolicy.retryAfterMillis(" 7 ", 0));
  }

  @Test
  void retryAfterAsHttpDate() {
    long now = FakeTiming.WALL_START; // Sun, 24 Nov 2024 00:00:00 GMT
    assertEquals(12_000, RetryPolicy.retryAfterMillis("Sun, 24 Nov 2024 00:00:12 GMT", now));
    assertEquals(0, RetryPolicy.retryAfterMillis("Sat, 23 Nov 2024 23:59:00 GMT", now), "a past date means now");
  }

  @Test
  void retryAfterIsCappedAtOneMinute() {
    assertEquals(RetryPolicy.MAX_RETRY_AFTER_MILLIS, RetryPolicy.retryAfterMillis("3600", 0));
    assertEquals(RetryPolicy.MAX_RETRY_AFTER_MILLIS, RetryPolicy.retryAfterMillis("99999999999999999999", 0));
    assertEquals(RetryPolicy.MAX_RETRY_AFTER_MILLIS,
        RetryPolicy.retryAfterMillis("Mon, 25 Nov 2024 00:00:00 GMT", FakeTiming.WALL_START));
  }

  @Test
  void unreadableRetryAfterIsIgnored() {
    assertEquals(-1, RetryPolicy.retryAfterMillis(null, 0));
    assertEquals(-1, RetryPolicy.retryAfterMillis("", 0));
    assertEquals(-1, RetryPolicy.retryAfterMillis("soon", 0));
    assertEquals(-1, RetryPolicy.retryAfterMillis("-5", 0));
  }
}
