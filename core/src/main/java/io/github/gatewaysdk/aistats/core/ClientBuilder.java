package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.ApiCore;
import io.github.gatewaysdk.aistats.core.internal.Headers;
import io.github.gatewaysdk.aistats.core.internal.Redaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * Builds a client: the client-wide settings, and the defaults of every per-call setting ({@link RequestOptions}).
 * Each value comes from, in order: this builder, a system property, an environment variable, the default.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>Builder</th><th>System property / environment variable</th><th>Default</th></tr>
 *   <tr><td>{@link #apiKey}</td><td>{@code ai.stats.api.key} / {@code AI_STATS_API_KEY}</td><td>required</td></tr>
 *   <tr><td>{@link #baseUrl}</td><td>{@code ai.stats.base.url} / {@code AI_STATS_BASE_URL}</td>
 *       <td>the contract's server</td></tr>
 *   <tr><td>{@link #connectTimeout}</td><td>-</td><td>10 s</td></tr>
 *   <tr><td>{@link #responseTimeout}</td><td>-</td><td>120 s</td></tr>
 *   <tr><td>{@link #timeout}</td><td>-</td><td>300 s</td></tr>
 *   <tr><td>{@link #maxRetries}</td><td>-</td><td>2</td></tr>
 *   <tr><td>{@link #retryNonIdempotentFailures}</td><td>-</td><td>false</td></tr>
 *   <tr><td>{@link #maxConnections}</td><td>-</td><td>64</td></tr>
 *   <tr><td>{@link #addInterceptor}</td><td>-</td><td>none</td></tr>
 *   <tr><td>{@link #allowPrivateNetworks}</td><td>-</td><td>false</td></tr>
 * </table>
 *
 * @param <C> the client it builds
 */
public class ClientBuilder<C> extends RequestOptions.Setters<ClientBuilder<C>> {
  public static final String API_KEY_ENV = "AI_STATS_API_KEY";
  public static final String API_KEY_PROPERTY = "ai.stats.api.key";
  public static final String BASE_URL_ENV = "AI_STATS_BASE_URL";
  public static final String BASE_URL_PROPERTY = "ai.stats.base.url";
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(120);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);
  public static final int DEFAULT_MAX_RETRIES = 2;
  public static final int DEFAULT_MAX_CONNECTIONS = 64;

  private final String defaultBaseUrl;
  private final Function<? super ApiCore, ? extends C> client;
  String apiKey;
  String baseUrl;
  Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
  int maxConnections = DEFAULT_MAX_CONNECTIONS;
  boolean allowPrivateNetworks;
  final List<Interceptor> interceptors = new ArrayList<>();
  Function<String, String> environment = System::getenv;
  Function<String, String> systemProperties = System::getProperty;
  Timing timing = Timing.SYSTEM;
  DoubleSupplier random = Math::random;
  long maxJsonDocumentBytes = ApiCore.MAX_JSON_DOCUMENT_BYTES;

  /**
   * For generated clients, whose {@code builder()} makes one as
   * {@code new ClientBuilder<AiStatsClient>(DEFAULT_BASE_URL, AiStatsClient::new) {}}; applications call that.
   *
   * @param defaultBaseUrl the contract's server URL
   * @param client makes the client around its core
   */
  protected ClientBuilder(String defaultBaseUrl, Function<? super ApiCore, ? extends C> client) {
    this.defaultBaseUrl = Objects.requireNonNull(defaultBaseUrl);
    this.client = Objects.requireNonNull(client);
  }

  @Override
  final ClientBuilder<C> self() {
    return this;
  }

  /**
   * @param apiKey the gateway API key, sent as a bearer token and never logged
   * @return this builder
   */
  public ClientBuilder<C> apiKey(String apiKey) {
    this.apiKey = apiKey;
    return this;
  }

  /**
   * @param baseUrl the gateway's base URL, for example {@code https://api.phaseo.app/v1}: http(s), with no query,
   *     fragment or user-info
   * @return this builder
   */
  public ClientBuilder<C> baseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
    return this;
  }

  /**
   * @param connectTimeout the longest wait for a TCP (and TLS) connection; 1 ms to 1 day
   * @return this builder
   */
  public ClientBuilder<C> connectTimeout(Duration connectTimeout) {
    this.connectTimeout = Durations.check("connectTimeout", connectTimeout);
    return this;
  }

  /**
   * @param maxConnections the most connections open at once, which bounds concurrent calls; callers beyond it wait
   *     for a free connection within their deadline
   * @return this builder
   */
  public ClientBuilder<C> maxConnections(int maxConnections) {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
    }
    this.maxConnections = maxConnections;
    return this;
  }

  /**
   * @param interceptor runs on every attempt of every call, after the interceptors added before it
   * @return this builder
   */
  public ClientBuilder<C> addInterceptor(Interceptor interceptor) {
    interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
    return this;
  }

  /**
   * Whether hosts other than the base URL's (the URLs of result images, which an answer names) may be at loopback,
   * link-local, private, unique-local or other non-public addresses. Off by default, so that an answer from a
   * compromised or impersonated gateway cannot make this process reach its own machine or network; the base URL's own
   * host is always reachable, wherever it is (a local mock, a gateway inside the company network).
   *
   * @param allow true to connect to any address
   * @return this builder
   */
  public ClientBuilder<C> allowPrivateNetworks(boolean allow) {
    this.allowPrivateNetworks = allow;
    return this;
  }

  /** For tests: where environment variables are read. */
  ClientBuilder<C> environment(Function<String, String> environment) {
    this.environment = Objects.requireNonNull(environment);
    return this;
  }

  /** For tests: where system properties are read. */
  ClientBuilder<C> systemProperties(Function<String, String> systemProperties) {
    this.systemProperties = Objects.requireNonNull(systemProperties);
    return this;
  }

  /** For tests: the clock and sleeper of the retry loop. */
  ClientBuilder<C> timing(Timing timing) {
    this.timing = Objects.requireNonNull(timing);
    return this;
  }

  /** For tests: the jitter source, values in [0, 1). */
  ClientBuilder<C> random(DoubleSupplier random) {
    this.random = Objects.requireNonNull(random);
    return this;
  }

  /** For tests: a smaller bound of a JSON answer, so it can be tested just under and over without 358 MB bodies. */
  ClientBuilder<C> maxJsonDocumentBytes(long bytes) {
    this.maxJsonDocumentBytes = bytes;
    return this;
  }

  /**
   * @return a new client, holding a connection pool and a thread until closed
   * @throws IllegalStateException when no API key is set here, in {@code ai.stats.api.key} or in
   *     {@code AI_STATS_API_KEY}
   * @throws IllegalArgumentException when the base URL is not a plain http(s) URL, or the API key holds characters
   *     HTTP cannot send as they are
   */
  public C build() {
    String key = resolve(apiKey, API_KEY_PROPERTY, API_KEY_ENV);
    if (key == null) {
      throw new IllegalStateException("No AI Stats API key: set the " + API_KEY_ENV + " environment variable, the "
          + API_KEY_PROPERTY + " system property, or call builder().apiKey(...)");
    }
    if (!Headers.isFieldValue(key)) {
      throw new IllegalArgumentException("The AI Stats API key (builder apiKey, " + API_KEY_PROPERTY + " or "
          + API_KEY_ENV + ") must be printable ASCII on one line: HTTP would send it altered");
    }
    String url = resolve(baseUrl, BASE_URL_PROPERTY, BASE_URL_ENV);
    url = BaseUrl.check(url == null ? defaultBaseUrl : url, "builder baseUrl, " + BASE_URL_PROPERTY + " or "
        + BASE_URL_ENV);
    RequestOptions defaults = RequestOptions.complete(this, DEFAULT_TIMEOUT, DEFAULT_RESPONSE_TIMEOUT,
        DEFAULT_MAX_RETRIES);
    return client.apply(new ClientCore(key, url, connectTimeout, maxConnections, defaults,
        Collections.unmodifiableList(new ArrayList<>(interceptors)), timing, random, maxJsonDocumentBytes,
        allowPrivateNetworks));
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
    return "ClientBuilder{baseUrl=" + (baseUrl == null ? null : Redaction.url(baseUrl)) + ", apiKey="
        + (apiKey == null ? null : Redaction.REDACTED) + ", connectTimeout=" + connectTimeout + ", maxConnections=" + maxConnections + ", allowPrivateNetworks="
        + allowPrivateNetworks + ", timeout=" + timeout
        + ", responseTimeout=" + responseTimeout + ", maxRetries=" + maxRetries + ", retryNonIdempotentFailures="
        + retryNonIdempotentFailures + ", headers=" + Redaction.headers(headers, sensitiveHeaders) + ", interceptors="
        + interceptors.size() + "}";
  }
}
