package io.github.gatewaysdk.aistats.core;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * What both HttpClient 5 clients are set up from, once per client: connection timeouts and checks, pool size, where
 * hosts may resolve to, and each attempt's timeouts within its call's deadline.
 */
final class HttpSettings {
  /** Pooled connections idle this long are closed, before a server or NAT silently drops them. */
  static final TimeValue IDLE_EVICTION = TimeValue.ofSeconds(30);
  /**
   * A pooled connection idle this long is checked before reuse (a read of at most 1 ms), as a POST on a connection the
   * server closed fails after sending and is not retried. Short, so that servers closing idle connections within a
   * second are caught; calls closer together than this reuse without the check.
   */
  static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofMilliseconds(100);
  private static final long ONE_MILLI_IN_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  final ConnectionConfig connections;
  final int maxConnections;
  final AddressPolicy addresses;
  /** The timeouts of an attempt made with the client's own settings; HttpClient's default request config. */
  final RequestConfig defaultsConfig;
  private final RequestConfig baseConfig = RequestConfig.custom().setRedirectsEnabled(false).build();
  private final RequestOptions defaults;

  HttpSettings(Duration connectTimeout, int maxConnections, RequestOptions defaults, AddressPolicy addresses) {
    this.connections = ConnectionConfig.custom()
        .setConnectTimeout(Timeout.ofMilliseconds(connectTimeout.toMillis()))
        .setSocketTimeout(Timeout.ofMilliseconds(defaults.responseTimeout().toMillis()))
        .setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY)
        .build();
    this.maxConnections = maxConnections;
    this.addresses = addresses;
    this.defaults = defaults;
    this.defaultsConfig = attemptConfig(defaults.responseTimeout().toMillis(), defaults.timeout().toMillis());
  }

  /**
   * The attempt's timeouts, capped by the time left to its call. An attempt that starts within a millisecond of a
   * call with the client's own timeouts gets the config built once for them: building one per call was a visible
   * part of a small call's cost.
   */
  RequestConfig attemptConfig(CallState call) {
    long remainingNanos = call.remainingNanos();
    if (call.options == defaults && defaults.timeout().toNanos() - remainingNanos < ONE_MILLI_IN_NANOS) {
      return defaultsConfig;
    }
    return attemptConfig(call.options.responseTimeout().toMillis(),
        Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNanos)));
  }

  private RequestConfig attemptConfig(long responseTimeoutMillis, long remainingMillis) {
    return RequestConfig.copy(baseConfig)
        .setResponseTimeout(Timeout.ofMilliseconds(Math.min(responseTimeoutMillis, remainingMillis)))
        .setConnectionRequestTimeout(Timeout.ofMilliseconds(remainingMillis))
        .build();
  }
}
