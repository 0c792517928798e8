package io.github.gatewaysdk.aistats;

import io.github.gatewaysdk.aistats.api.ImagesApi;
import io.github.gatewaysdk.aistats.invoker.ApiClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The entry point of the AI Stats Gateway SDK. Build one per application and share it: it is thread-safe and holds a
 * connection pool. Close it to release its connections and threads.
 *
 * <pre>{@code
 * try (AiStatsClient client = AiStatsClient.fromEnv()) {
 *   ImagesEditResponse response = client.images().edit(new ImagesEditRequest()
 *       .model("gpt-image-1")
 *       .image(ImageData.toDataUrl(Paths.get("cat.png")))
 *       .prompt("Add a top hat"));
 * }
 * }</pre>
 *
 * <p>Every failure is an unchecked {@link io.github.gatewaysdk.aistats.errors.AiStatsException}; see
 * {@link Builder} for the settings and their defaults.
 */
public final class AiStatsClient implements AutoCloseable {
  public static final String DEFAULT_BASE_URL = "https://api.phaseo.app/v1";
  public static final String API_KEY_ENV = "AI_STATS_API_KEY";
  public static final String API_KEY_PROPERTY = "ai.stats.api.key";
  public static final String BASE_URL_ENV = "AI_STATS_BASE_URL";
  public static final String BASE_URL_PROPERTY = "ai.stats.base.url";
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(120);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);
  public static final int DEFAULT_MAX_RETRIES = 2;
  public static final int DEFAULT_MAX_CONNECTIONS = 64;
  /** Pooled connections idle this long are closed, before a server or NAT silently drops them. */
  static final TimeValue IDLE_EVICTION = TimeValue.ofSeconds(30);
  /** A pooled connection idle this long is checked before reuse, as a POST on a dead one fails after sending. */
  static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofSeconds(2);

  private static final AtomicInteger THREAD_COUNTER = new AtomicInteger();

  private final String apiKey;
  private final String baseUrl;
  private final Duration connectTimeout;
  private final Duration responseTimeout;
  private final Duration timeout;
  private final int maxRetries;
  private final boolean retryNonIdempotentFailures;
  private final int maxConnections;
  private final Timing timing;
  private final ThreadLocal<CallScope> currentCall = new ThreadLocal<>();
  private final ScheduledThreadPoolExecutor deadlineTimer;
  private final Set<CallScope> armedCalls = ConcurrentHashMap.newKeySet();
  private final PoolingHttpClientConnectionManager connectionManager;
  private final CloseableHttpClient httpClient;
  private final ImagesApi imagesApi;
  private final ImageService images;
  private final ErrorMapper errors;
  private final AtomicBoolean closed = new AtomicBoolean();

  private AiStatsClient(Builder builder, String apiKey, String baseUrl) {
    this.apiKey = apiKey;
    this.baseUrl = baseUrl;
    this.connectTimeout = builder.connectTimeout;
    this.responseTimeout = builder.responseTimeout;
    this.timeout = builder.timeout;
    this.maxRetries = builder.maxRetries;
    this.retryNonIdempotentFailures = builder.retryNonIdempotentFailures;
    this.maxConnections = builder.maxConnections;
    this.timing = builder.timing;
    this.errors = new ErrorMapper(apiKey, connectTimeout.toMillis());

    deadlineTimer = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "ai-stats-deadline-" + THREAD_COUNTER.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    deadlineTimer.scheduleWithFixedDelay(() -> armedCalls.forEach(CallScope::expireIfDue),
        CallScope.CHECK_PERIOD_MILLIS, CallScope.CHECK_PERIOD_MILLIS, TimeUnit.MILLISECONDS);

    connectionManager = PoolingHttpClientConnectionManagerBuilder.create()
        .setConnectionFactory(QuietConnectionFactory.INSTANCE)
        .setMaxConnTotal(maxConnections)
        .setMaxConnPerRoute(maxConnections)
        .setDefaultConnectionConfig(ConnectionConfig.custom()
            .setConnectTimeout(Timeout.ofMilliseconds(connectTimeout.toMillis()))
            .setSocketTimeout(Timeout.ofMilliseconds(responseTimeout.toMillis()))
            .setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY)
            .build())
        .build();
    RequestConfig requestConfig = RequestConfig.custom()
        .setResponseTimeout(Timeout.ofMilliseconds(responseTimeout.toMillis()))
        .setConnectionRequestTimeout(Timeout.ofMilliseconds(timeout.toMillis()))
        .setRedirectsEnabled(false)
        .build();
    RetryExec retryExec = new RetryExec(currentCall, () -> openScope(RequestOptions.none(), null), requestConfig,
        timing, builder.random);
    httpClient = HttpClients.custom()
        .setConnectionManager(connectionManager)
        .setDefaultRequestConfig(requestConfig)
        .setUserAgent(UserAgent.value())
        // Retries are RetryExec's alone: HttpClient's own would resend POSTs after an I/O error.
        .disableAutomaticRetries()
        // A redirected POST would become a GET, or carry the key to another host.
        .disableRedirectHandling()
        .disableCookieManagement()
        .disableAuthCaching()
        .evictExpiredConnections()
        .evictIdleConnections(IDLE_EVICTION)
        .addExecInterceptorFirst("ai-stats-retry", retryExec)
        .build();

    ApiClient apiClient = new ApiClient(httpClient);
    apiClient.setBasePath(baseUrl);
    apiClient.setBearerToken(apiKey);
    apiClient.setUserAgent(UserAgent.value());
    imagesApi = new ImagesApi(apiClient);
    images = new ImageService(this);
  }

  /** @return a builder whose unset values come from system properties, then environment variables, then defaults */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A client configured by the environment alone: {@code AI_STATS_API_KEY} (required) and {@code AI_STATS_BASE_URL},
   * or the system properties {@code ai.stats.api.key} and {@code ai.stats.base.url}, which win.
   *
   * @return a new client
   * @throws IllegalStateException when no API key is configured
   */
  public static AiStatsClient fromEnv() {
    return builder().build();
  }

  /** @return the image operations */
  public ImageService images() {
    return images;
  }

  /**
   * The generated API under {@link #images()}, for callers who want every generated parameter. It shares this
   * client's connection pool, timeouts, retries and deadline, but its methods throw the checked
   * {@link io.github.gatewaysdk.aistats.invoker.ApiException}, skip argument checks and take no {@link RequestOptions}.
   *
   * @return the generated images API
   */
  public ImagesApi imagesApi() {
    return imagesApi;
  }

  /** @return the base URL requests go to */
  public String baseUrl() {
    return baseUrl;
  }

  /** Closes the pooled connections and stops the client's threads. Calls made afterwards fail. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      deadlineTimer.shutdownNow();
      httpClient.close(CloseMode.GRACEFUL);
    }
  }

  @Override
  public String toString() {
    return "AiStatsClient{baseUrl=" + baseUrl + ", apiKey=" + Redaction.REDACTED + ", connectTimeout=" + connectTimeout
        + ", responseTimeout=" + responseTimeout + ", timeout=" + timeout + ", maxRetries=" + maxRetries
        + ", retryNonIdempotentFailures=" + retryNonIdempotentFailures + ", maxConnections=" + maxConnections + "}";
  }

  CallScope openCall(RequestOptions options) {
    if (closed.get()) {
      throw new IllegalStateException("the AiStatsClient is closed");
    }
    return openScope(options, currentCall);
  }

  private CallScope openScope(RequestOptions options, ThreadLocal<CallScope> bindTo) {
    Duration callTimeout = options.timeout() != null ? options.timeout() : timeout;
    Duration callResponseTimeout = options.responseTimeout() != null ? options.responseTimeout() : responseTimeout;
    int retries = options.maxRetries() != null ? options.maxRetries() : maxRetries;
    boolean retryAny = options.retryNonIdempotentFailures() != null
        ? options.retryNonIdempotentFailures() : retryNonIdempotentFailures;
    boolean clientTimeouts = options.timeout() == null && options.responseTimeout() == null;
    return new CallScope(callTimeout.toNanos(), callResponseTimeout.toMillis(), clientTimeouts, retries, retryAny,
        timing, armedCalls, bindTo);
  }

  CloseableHttpClient httpClient() {
    return httpClient;
  }

  ErrorMapper errors() {
    return errors;
  }

  /** For tests: the pool's leased, pending and available connections. */
  PoolStats poolStats() {
    return connectionManager.getTotalStats();
  }

  String apiKeyForTests() {
    return apiKey;
  }

  Duration connectTimeout() {
    return connectTimeout;
  }

  Duration responseTimeout() {
    return responseTimeout;
  }

  Duration timeout() {
    return timeout;
  }

  int maxRetries() {
    return maxRetries;
  }

  int maxConnections() {
    return maxConnections;
  }

  /**
   * Builds an {@link AiStatsClient}. Each value comes from, in order: this builder, a system property, an environment
   * variable, the default.
   *
   * <table>
   *   <caption>Settings</caption>
   *   <tr><th>Builder</th><th>System property / environment variable</th><th>Default</th></tr>
   *   <tr><td>{@link #apiKey}</td><td>{@code ai.stats.api.key} / {@code AI_STATS_API_KEY}</td><td>required</td></tr>
   *   <tr><td>{@link #baseUrl}</td><td>{@code ai.stats.base.url} / {@code AI_STATS_BASE_URL}</td>
   *       <td>{@code https://api.phaseo.app/v1}</td></tr>
   *   <tr><td>{@link #connectTimeout}</td><td>-</td><td>10 s</td></tr>
   *   <tr><td>{@link #responseTimeout}</td><td>-</td><td>120 s</td></tr>
   *   <tr><td>{@link #timeout}</td><td>-</td><td>300 s</td></tr>
   *   <tr><td>{@link #maxRetries}</td><td>-</td><td>2</td></tr>
   *   <tr><td>{@link #retryNonIdempotentFailures}</td><td>-</td><td>false</td></tr>
   *   <tr><td>{@link #maxConnections}</td><td>-</td><td>64</td></tr>
   * </table>
   */
  public static final class Builder {
    private String apiKey;
    private String baseUrl;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration responseTimeout = DEFAULT_RESPONSE_TIMEOUT;
    private Duration timeout = DEFAULT_TIMEOUT;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private boolean retryNonIdempotentFailures;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private Function<String, String> environment = System::getenv;
    private Function<String, String> systemProperties = System::getProperty;
    private Timing timing = Timing.SYSTEM;
    private DoubleSupplier random = Math::random;

    private Builder() {
    }

    /**
     * @param apiKey the gateway API key, sent as a bearer token and never logged
     * @return this builder
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /**
     * @param baseUrl the gateway's base URL, for example {@code https://api.phaseo.app/v1}
     * @return this builder
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * @param connectTimeout the longest wait for a TCP (and TLS) connection
     * @return this builder
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Durations.positive("connectTimeout", connectTimeout);
      return this;
    }

    /**
     * @param responseTimeout the longest wait for the server's next bytes; above all the time to the first byte of the
     *     answer, which for image generation is the generation time
     * @return this builder
     */
    public Builder responseTimeout(Duration responseTimeout) {
      this.responseTimeout = Durations.positive("responseTimeout", responseTimeout);
      return this;
    }

    /**
     * @param timeout the overall deadline of a call, from its start to its last byte, retries and backoff included;
     *     a server that trickles bytes cannot stretch a call beyond it
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Durations.positive("timeout", timeout);
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
     * @param retry also retry read timeouts, resets and 500/502/504 on POSTs, after which the gateway may already
     *     have run (and billed) the request
     * @return this builder
     */
    public Builder retryNonIdempotentFailures(boolean retry) {
      this.retryNonIdempotentFailures = retry;
      return this;
    }

    /**
     * @param maxConnections the most connections open at once, which bounds concurrent calls; callers beyond it wait
     *     for a free connection within their deadline
     * @return this builder
     */
    public Builder maxConnections(int maxConnections) {
      if (maxConnections < 1) {
        throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
      }
      this.maxConnections = maxConnections;
      return this;
    }

    /** For tests: where environment variables are read. */
    Builder environment(Function<String, String> environment) {
      this.environment = Objects.requireNonNull(environment);
      return this;
    }

    /** For tests: where system properties are read. */
    Builder systemProperties(Function<String, String> systemProperties) {
      this.systemProperties = Objects.requireNonNull(systemProperties);
      return this;
    }

    /** For tests: the clock and sleeper of the retry loop. */
    Builder timing(Timing timing) {
      this.timing = Objects.requireNonNull(timing);
      return this;
    }

    /** For tests: the jitter source, values in [0, 1). */
    Builder random(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random);
      return this;
    }

    /**
     * @return a new client
     * @throws IllegalStateException when no API key is set here, in {@code ai.stats.api.key} or in
     *     {@code AI_STATS_API_KEY}
     * @throws IllegalArgumentException when the base URL is not an http(s) URL
     */
    public AiStatsClient build() {
      String key = resolve(apiKey, API_KEY_PROPERTY, API_KEY_ENV);
      if (key == null) {
        throw new IllegalStateException("No AI Stats API key: set the " + API_KEY_ENV + " environment variable, the "
            + API_KEY_PROPERTY + " system property, or call AiStatsClient.builder().apiKey(...)");
      }
      String url = resolve(baseUrl, BASE_URL_PROPERTY, BASE_URL_ENV);
      if (url == null) {
        url = DEFAULT_BASE_URL;
      }
      if (!Validation.isHttpUrl(url)) {
        throw new IllegalArgumentException("the base URL must be an http(s) URL (builder baseUrl, "
            + BASE_URL_PROPERTY + " or " + BASE_URL_ENV + "), was \"" + url + "\"");
      }
      while (url.endsWith("/")) {
        url = url.substring(0, url.length() - 1);
      }
      return new AiStatsClient(this, key.trim(), url);
    }

    private String resolve(String explicit, String property, String env) {
      for (String value : new String[] {explicit, systemProperties.apply(property), environment.apply(env)}) {
        if (value != null && !value.trim().isEmpty()) {
          return value.trim();
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return "AiStatsClient.Builder{baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? null : Redaction.REDACTED)
          + ", connectTimeout=" + connectTimeout + ", responseTimeout=" + responseTimeout + ", timeout=" + timeout
          + ", maxRetries=" + maxRetries + ", retryNonIdempotentFailures=" + retryNonIdempotentFailures
          + ", maxConnections=" + maxConnections + "}";
    }
  }
}
