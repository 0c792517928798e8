package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.Headers;
import io.github.gatewaysdk.aistats.core.internal.Redaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Settings of one call that differ from the client's, without a second client. Unset values fall back to the
 * client's ({@link #applyDefaults}). Immutable and thread-safe.
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
  private final Set<String> sensitiveHeaders;
  private final Executor asyncExecutor;
  private final Map<String, Object> extraBodyProperties;
  private final Map<String, List<String>> extraQueryParams;

  private RequestOptions(Setters<?> setters, Map<String, Object> extraBodyProperties,
      Map<String, List<String>> extraQueryParams) {
    this(setters.timeout, setters.responseTimeout, setters.maxRetries, setters.retryNonIdempotentFailures,
        setters.headers, setters.sensitiveHeaders, setters.asyncExecutor, extraBodyProperties, extraQueryParams);
  }

  private RequestOptions(Duration timeout, Duration responseTimeout, Integer maxRetries,
      Boolean retryNonIdempotentFailures, Map<String, String> headers, Set<String> sensitiveHeaders,
      Executor asyncExecutor, Map<String, Object> extraBodyProperties, Map<String, List<String>> extraQueryParams) {
    this.asyncExecutor = asyncExecutor;
    this.extraBodyProperties = Collections.unmodifiableMap(new LinkedHashMap<>(extraBodyProperties));
    Map<String, List<String>> query = new LinkedHashMap<>();
    extraQueryParams.forEach((name, values) -> query.put(name, Collections.unmodifiableList(new ArrayList<>(values))));
    this.extraQueryParams = Collections.unmodifiableMap(query);
    this.timeout = timeout;
    this.responseTimeout = responseTimeout;
    this.maxRetries = maxRetries;
    this.retryNonIdempotentFailures = retryNonIdempotentFailures;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    this.sensitiveHeaders = Collections.unmodifiableSet(new HashSet<>(sensitiveHeaders));
  }

  /** @return options that change nothing */
  public static RequestOptions none() {
    return NONE;
  }

  /** @return a builder of options that all fall back to the client's */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * These options over {@code defaults}: each value set here wins, each unset one comes from {@code defaults}; the
   * headers of both are sent, these replacing a default of the same name.
   *
   * @param defaults the client's options
   * @return the merged options
   */
  public RequestOptions applyDefaults(RequestOptions defaults) {
    if (this == NONE) {
      return defaults;
    }
    Map<String, String> merged = new LinkedHashMap<>(defaults.headers);
    for (Map.Entry<String, String> header : headers.entrySet()) {
      merged.keySet().removeIf(name -> name.equalsIgnoreCase(header.getKey()));
      merged.put(header.getKey(), header.getValue());
    }
    Set<String> sensitive = new HashSet<>(defaults.sensitiveHeaders);
    sensitive.addAll(sensitiveHeaders);
    return new RequestOptions(
        timeout != null ? timeout : defaults.timeout,
        responseTimeout != null ? responseTimeout : defaults.responseTimeout,
        maxRetries != null ? maxRetries : defaults.maxRetries,
        retryNonIdempotentFailures != null ? retryNonIdempotentFailures : defaults.retryNonIdempotentFailures,
        merged, sensitive, asyncExecutor != null ? asyncExecutor : defaults.asyncExecutor, extraBodyProperties,
        extraQueryParams);
  }

  /** @return the deadline of the whole call, retries and backoff included, or null for the client's */
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

  /** @return extra headers sent with the call, in the order set */
  public Map<String, String> headers() {
    return headers;
  }

  /** @return the lower-case names of the headers set with {@code sensitiveHeader}, redacted wherever shown */
  public Set<String> sensitiveHeaders() {
    return sensitiveHeaders;
  }

  /**
   * @return where asynchronous calls complete and their callbacks run, or null for the client's (by default a pool of
   *     the client's own, {@code ai-stats-async-*}); blocking calls ignore it
   */
  public Executor asyncExecutor() {
    return asyncExecutor;
  }

  /** @return body properties (or form parts) sent besides the request's own, in the order set */
  public Map<String, Object> extraBodyProperties() {
    return extraBodyProperties;
  }

  /** @return query parameters sent besides the operation's own, in the order set */
  public Map<String, List<String>> extraQueryParams() {
    return extraQueryParams;
  }

  @Override
  public String toString() {
    return "RequestOptions{timeout=" + timeout + ", responseTimeout=" + responseTimeout + ", maxRetries=" + maxRetries
        + ", retryNonIdempotentFailures=" + retryNonIdempotentFailures + ", headers="
        + Redaction.headers(headers, sensitiveHeaders) + (asyncExecutor == null ? "" : ", asyncExecutor="
        + asyncExecutor) + (extraBodyProperties.isEmpty() ? "" : ", extraBodyProperties="
        + extraBodyProperties.keySet()) + (extraQueryParams.isEmpty() ? "" : ", extraQueryParams="
        + extraQueryParams.keySet()) + "}";
  }

  /**
   * The settings a call can override, shared by {@link Builder} and the client's builder ({@link ClientBuilder}), so
   * each is written and checked once.
   *
   * @param <B> the concrete builder, returned by every setter
   */
  public abstract static class Setters<B extends Setters<B>> {
    Duration timeout;
    Duration responseTimeout;
    Integer maxRetries;
    Boolean retryNonIdempotentFailures;
    final Map<String, String> headers = new LinkedHashMap<>();
    final Set<String> sensitiveHeaders = new HashSet<>();
    Executor asyncExecutor;

    Setters() {
    }

    abstract B self();

    /**
     * @param timeout the deadline of the whole call, from its start to its last byte, retries and backoff included;
     *     a server that trickles bytes cannot stretch a call beyond it. 1 ms to 1 day
     * @return this builder
     */
    public B timeout(Duration timeout) {
      this.timeout = Durations.check("timeout", timeout);
      return self();
    }

    /**
     * @param responseTimeout the longest wait for the server's next bytes; above all the time to the first byte of the
     *     answer, which for image generation is the generation time. 1 ms to 1 day
     * @return this builder
     */
    public B responseTimeout(Duration responseTimeout) {
      this.responseTimeout = Durations.check("responseTimeout", responseTimeout);
      return self();
    }

    /**
     * @param maxRetries retries after the first attempt, 0 to 10; 0 disables retrying
     * @return this builder
     */
    public B maxRetries(int maxRetries) {
      this.maxRetries = Durations.retries(maxRetries);
      return self();
    }

    /**
     * @param retry also retry read timeouts, resets and 500/502/504 on POSTs, after which the gateway may already
     *     have run (and billed) the request
     * @return this builder
     */
    public B retryNonIdempotentFailures(boolean retry) {
      this.retryNonIdempotentFailures = retry;
      return self();
    }

    /**
     * @param name a header name; not one the client sets from the body or the connection ({@code Content-Length},
     *     {@code Transfer-Encoding}, {@code Host}, {@code Content-Type})
     * @param value its value, on one line
     * @return this builder
     * @throws IllegalArgumentException for a name that is not an HTTP token, one of the names above, or a value with
     *     a line break
     */
    public B header(String name, String value) {
      Headers.checkSettable(name, value);
      headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
      headers.put(name, value);
      sensitiveHeaders.remove(name.toLowerCase(Locale.ROOT));
      return self();
    }

    /**
     * A header whose value is a secret: sent like {@link #header}, and shown redacted in {@code toString()}, the
     * client's logs and interceptors' {@code headers()}. Credentials such as {@code Authorization} are redacted
     * without this.
     *
     * @param name a header name, as for {@link #header}
     * @param value its value, on one line
     * @return this builder
     */
    public B sensitiveHeader(String name, String value) {
      header(name, value);
      sensitiveHeaders.add(name.toLowerCase(Locale.ROOT));
      return self();
    }

    /**
     * @param executor where asynchronous calls complete, and where their callbacks and interceptors run (so logging
     *     and tracing context can travel with it); it must run tasks on threads of its own, never on the thread that
     *     hands them over. Blocking calls ignore it. The client's default is a pool of its own daemon threads
     *     ({@code ai-stats-async-*}, as many as cores, at least two), never HttpClient's I/O threads nor
     *     {@code ForkJoinPool.commonPool()}
     * @return this builder
     */
    public B asyncExecutor(Executor executor) {
      this.asyncExecutor = Objects.requireNonNull(executor, "executor");
      return self();
    }
  }

  /** Builds {@link RequestOptions}; not thread-safe. */
  public static final class Builder extends Setters<Builder> {
    private final Map<String, Object> extraBodyProperties = new LinkedHashMap<>();
    private final Map<String, List<String>> extraQueryParams = new LinkedHashMap<>();

    private Builder() {
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * Sends a body property the contract does not list yet (the gateway accepts more than its contract says, e.g.
     * {@code quality} on image edits), as given: in a JSON body, a property (replacing one the request sets); in a
     * form, one more field, encoded by its value as the request's own are (text, JSON, or binary for bytes and
     * files).
     *
     * @param name the property's name, as the gateway spells it
     * @param value its value; null removes what was set here
     * @return this builder
     * @throws IllegalArgumentException when the call has no body to carry it, or (a form) already has that field;
     *     nothing is sent then
     */
    public Builder extraBodyProperty(String name, Object value) {
      Objects.requireNonNull(name, "name");
      if (value == null) {
        extraBodyProperties.remove(name);
      } else {
        extraBodyProperties.put(name, value);
      }
      return this;
    }

    /**
     * Sends a query parameter the operation does not list yet; set again, it is sent once per value.
     *
     * @param name the parameter's name
     * @param value its value, percent-encoded when sent
     * @return this builder
     */
    public Builder extraQueryParam(String name, String value) {
      extraQueryParams.computeIfAbsent(Objects.requireNonNull(name, "name"), key -> new ArrayList<>())
          .add(Objects.requireNonNull(value, "value"));
      return this;
    }

    /** @return the options */
    public RequestOptions build() {
      return new RequestOptions(this, extraBodyProperties, extraQueryParams);
    }
  }

  /** The client's defaults: every value set. */
  static RequestOptions complete(Setters<?> setters, Duration timeout, Duration responseTimeout, int maxRetries) {
    return new RequestOptions(
        setters.timeout != null ? setters.timeout : timeout,
        setters.responseTimeout != null ? setters.responseTimeout : responseTimeout,
        setters.maxRetries != null ? setters.maxRetries : maxRetries,
        setters.retryNonIdempotentFailures != null && setters.retryNonIdempotentFailures,
        setters.headers, setters.sensitiveHeaders, setters.asyncExecutor, Collections.emptyMap(),
        Collections.emptyMap());
  }
}
