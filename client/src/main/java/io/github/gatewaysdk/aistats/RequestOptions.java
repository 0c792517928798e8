package io.github.gatewaysdk.aistats;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings for one call that differ from the client's, without building a second client. Unset values fall back to
 * the client's. Immutable and thread-safe.
 *
 * <pre>{@code
 * RequestOptions options = RequestOptions.builder()
 *     .timeout(Duration.ofMinutes(10))
 *     .maxRetries(0)
 *     .header("X-Title", "my-app")
 *     .build();
 * }</pre>
 */
public final class RequestOptions {
  private static final RequestOptions NONE = builder().build();

  private final Duration timeout;
  private final Duration responseTimeout;
  private final Integer maxRetries;
  private final Boolean retryNonIdempotentFailures;
  private final Map<String, String> headers;

  private RequestOptions(Builder builder) {
    this.timeout = builder.timeout;
    this.responseTimeout = builder.responseTimeout;
    this.maxRetries = builder.maxRetries;
    this.retryNonIdempotentFailures = builder.retryNonIdempotentFailures;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(builder.headers));
  }

  /** @return options that change nothing */
  public static RequestOptions none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** @return the overall deadline of the call, retries included, or null for the client's */
  public Duration timeout() {
    return timeout;
  }

  /** @return the longest wait for the server's next bytes, or null for the client's */
  public Duration responseTimeout() {
    return responseTimeout;
  }

  /** @return retries after the first attempt, or null for the client's */
  public Integer maxRetries() {
    return maxRetries;
  }

  /** @return whether failures after which the request may have been processed are retried, or null for the client's */
  public Boolean retryNonIdempotentFailures() {
    return retryNonIdempotentFailures;
  }

  /** @return extra headers sent with this call */
  public Map<String, String> headers() {
    return headers;
  }

  @Override
  public String toString() {
    StringBuilder shown = new StringBuilder();
    for (Map.Entry<String, String> header : headers.entrySet()) {
      shown.append(shown.length() == 0 ? "" : ", ").append(header.getKey()).append('=')
          .append(Redaction.headerValue(header.getKey(), header.getValue()));
    }
    return "RequestOptions{timeout=" + timeout + ", responseTimeout=" + responseTimeout + ", maxRetries=" + maxRetries
        + ", retryNonIdempotentFailures=" + retryNonIdempotentFailures + ", headers={" + shown + "}}";
  }

  /** Builds {@link RequestOptions}; not thread-safe. */
  public static final class Builder {
    private Duration timeout;
    private Duration responseTimeout;
    private Integer maxRetries;
    private Boolean retryNonIdempotentFailures;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Builder() {
    }

    /**
     * @param timeout the overall deadline of this call, retries and backoff included; positive
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Durations.positive("timeout", timeout);
      return this;
    }

    /**
     * @param responseTimeout the longest wait for the server's next bytes (notably the first byte of the answer)
     * @return this builder
     */
    public Builder responseTimeout(Duration responseTimeout) {
      this.responseTimeout = Durations.positive("responseTimeout", responseTimeout);
      return this;
    }

    /**
     * @param maxRetries retries after the first attempt, 0 to 10; 0 disables retrying
     * @return this builder
     */
    public Builder maxRetries(int maxRetries) {
      this.maxRetries = Durations.retries(maxRetries);
      return this;
    }

    /**
     * @param retry also retry read timeouts, resets and 500/502/504, after which the gateway may already have run
     *     (and billed) the request
     * @return this builder
     */
    public Builder retryNonIdempotentFailures(boolean retry) {
      this.retryNonIdempotentFailures = retry;
      return this;
    }

    /**
     * @param name header name
     * @param value header value
     * @return this builder
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "header name");
      Objects.requireNonNull(value, "header value");
      headers.put(name, value);
      return this;
    }

    public RequestOptions build() {
      return new RequestOptions(this);
    }
  }
}
