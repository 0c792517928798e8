package io.github.gatewaysdk.aistats;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first element of HttpClient's exec chain: retries, per-attempt timeouts, the deadline and redacted logging.
 * HttpClient's own retry element is disabled, so this is the only place a request is sent again.
 *
 * <p>Per-call settings arrive through a {@link ThreadLocal} rather than the HttpContext: the generated ApiClient creates
 * a fresh context for each call and offers no hook to fill it, and the classic client runs the whole exchange on the
 * caller's thread, so a value the facade sets just before calling ApiClient is the one this handler sees. Calls that
 * bypass the facade (the generated ImagesApi used directly) get a call scope with the client's defaults.
 */
final class RetryExec implements ExecChainHandler {
  /** Sent from the second attempt on: how many attempts came before this one. */
  static final String RETRY_COUNT_HEADER = "X-Retry-Count";
  static final Logger LOG = LoggerFactory.getLogger("io.github.gatewaysdk.aistats.http");
  private static final int SNIPPET_BYTES = 512;
  private static final long ONE_MILLI_IN_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final ThreadLocal<CallScope> current;
  private final Supplier<CallScope> defaultScope;
  private final RequestConfig baseConfig;
  private final RequestConfig clientTimeoutsConfig;
  private final Timing timing;
  private final DoubleSupplier random;

  RetryExec(ThreadLocal<CallScope> current, Supplier<CallScope> defaultScope, RequestConfig baseConfig, Timing timing,
      DoubleSupplier random) {
    this.current = current;
    this.defaultScope = defaultScope;
    this.baseConfig = baseConfig;
    this.clientTimeoutsConfig = attemptConfig(baseConfig.getResponseTimeout().toMilliseconds(),
        baseConfig.getConnectionRequestTimeout().toMilliseconds());
    this.timing = timing;
    this.random = random;
  }

  @Override
  public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
      throws IOException, HttpException {
    CallScope opened = current.get();
    CallScope call = opened != null ? opened : defaultScope.get();
    boolean handedOver = false;
    try {
      call.arm(scope.execRuntime);
      ClassicHttpResponse response = attempts(request, scope, chain, call);
      if (opened == null) {
        endScopeWithResponse(response, call);
      }
      handedOver = true;
      return response;
    } finally {
      if (opened == null && !handedOver) {
        call.close();
      }
    }
  }

  private ClassicHttpResponse attempts(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain,
      CallScope call) throws IOException, HttpException {
    String method = request.getMethod();
    RetryPolicy policy = call.retryPolicy(!method.equalsIgnoreCase("POST") && !method.equalsIgnoreCase("PATCH"));
    HttpEntity body = request.getEntity();
    boolean repeatable = body == null || body.isRepeatable();
    boolean expectsJson = accepts(request, "application/json");
    // Inner elements add headers (Content-Length, Host...) to the request they get, so a retry starts again from the
    // headers the caller set.
    Header[] callerHeaders = request.getHeaders();
    String target = LOG.isDebugEnabled() ? scope.route.getTargetHost().toURI() + request.getPath() : null;

    for (int retries = 0; ; retries++) {
      ClassicHttpRequest attempt = request;
      if (retries > 0) {
        attempt = ClassicRequestBuilder.copy(request).setHeaders(callerHeaders).build();
        attempt.setHeader(RETRY_COUNT_HEADER, Integer.toString(retries));
      }
      scope.clientContext.setRequestConfig(attemptConfig(call));
      call.attemptStarted();
      logRequest(method, target, attempt, retries);
      long started = timing.nanoTime();
      ClassicHttpResponse response;
      try {
        response = chain.proceed(attempt, scope);
      } catch (IOException e) {
        if (scope.execRuntime.isEndpointAcquired()) {
          scope.execRuntime.discardEndpoint();
        }
        LOG.debug("<-- {} {} failed after {} ms: {}", method, target, millisSince(started), e.toString());
        long delay = RetryPolicy.backoffMillis(retries + 1, random.getAsDouble());
        if (call.deadlineExceeded() || !repeatable || !policy.canRetry(retries) || !policy.retriesException(e)
            || !call.hasTimeFor(delay)) {
          throw e;
        }
        pause(delay, retries + 1, call, e.getClass().getSimpleName());
        continue;
      }
      call.recordResponse(response);
      logResponse(response, millisSince(started));
      int status = response.getCode();
      if (repeatable && policy.canRetry(retries) && policy.retriesStatus(status)) {
        Header retryAfter = response.getFirstHeader("Retry-After");
        long delay = RetryPolicy.retryAfterMillis(retryAfter == null ? null : retryAfter.getValue(),
            timing.currentTimeMillis());
        if (delay < 0) {
          delay = RetryPolicy.backoffMillis(retries + 1, random.getAsDouble());
        }
        if (call.hasTimeFor(delay)) {
          discard(response);
          pause(delay, retries + 1, call, "status " + status);
          continue;
        }
      }
      if (expectsJson && status >= 200 && status < 300) {
        requireJson(response);
      }
      return response;
    }
  }

  /**
   * The attempt's timeouts, capped by the time left to its call. An attempt that starts within a millisecond of a call
   * with the client's own timeouts gets the config built once for them, as close as millisecond timeouts can be:
   * building one per call was a visible part of a small call's cost.
   */
  private RequestConfig attemptConfig(CallScope call) {
    long remainingNanos = call.remainingNanos();
    if (call.clientTimeouts && call.timeoutNanos - remainingNanos < ONE_MILLI_IN_NANOS) {
      return clientTimeoutsConfig;
    }
    return attemptConfig(call.responseTimeoutMillis, Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNanos)));
  }

  private RequestConfig attemptConfig(long responseTimeoutMillis, long remainingMillis) {
    return RequestConfig.copy(baseConfig)
        .setResponseTimeout(Timeout.ofMilliseconds(Math.min(responseTimeoutMillis, remainingMillis)))
        .setConnectionRequestTimeout(Timeout.ofMilliseconds(remainingMillis))
        .build();
  }

  private void pause(long delayMillis, int retryNumber, CallScope call, String reason) throws InterruptedIOException {
    LOG.debug("retrying in {} ms after {} (retry {} of {})", delayMillis, reason, retryNumber, call.maxRetries);
    try {
      timing.sleep(delayMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException("interrupted while waiting to retry");
      interrupted.initCause(e);
      throw interrupted;
    }
  }

  /** Reads the rest of an answer that will not be used, so its connection can serve the retry. */
  private static void discard(ClassicHttpResponse response) {
    try {
      EntityUtils.consume(response.getEntity());
    } catch (IOException unreadable) {
      LOG.debug("discarding an unreadable body: {}", unreadable.toString());
    }
    try {
      response.close();
    } catch (IOException ignored) {
      LOG.debug("closing a discarded answer: {}", ignored.toString());
    }
  }

  /**
   * A success whose body is not JSON (an HTML page from a proxy, say) would reach the generated code as a String where
   * a model is expected; it is turned into a readable failure here, while its headers are still at hand.
   */
  private static void requireJson(ClassicHttpResponse response) throws IOException {
    HttpEntity entity = response.getEntity();
    String type = entity == null ? null : entity.getContentType();
    if (type == null) {
      return; // ApiClient reads an untyped body as JSON
    }
    int parameters = type.indexOf(';');
    String mime = (parameters < 0 ? type : type.substring(0, parameters)).trim();
    if (mime.equalsIgnoreCase("application/json") || mime.regionMatches(true, mime.length() - 5, "+json", 0, 5)) {
      return;
    }
    String snippet;
    try (InputStream in = entity.getContent()) {
      byte[] buffer = new byte[SNIPPET_BYTES];
      int filled = 0;
      for (int n; filled < buffer.length && (n = in.read(buffer, filled, buffer.length - filled)) > 0; ) {
        filled += n;
      }
      snippet = new String(buffer, 0, filled, StandardCharsets.UTF_8);
    } catch (IOException unreadable) {
      snippet = "";
    } finally {
      response.close();
    }
    throw new UnexpectedBodyException(type, snippet);
  }

  private static boolean accepts(ClassicHttpRequest request, String mime) {
    Header accept = request.getFirstHeader("Accept");
    if (accept == null) {
      return false;
    }
    String value = accept.getValue();
    for (int at = 0; at + mime.length() <= value.length(); at++) {
      if (value.regionMatches(true, at, mime, 0, mime.length())) {
        return true;
      }
    }
    return false;
  }

  /** For calls without a facade scope: the deadline stays armed until the caller closes the answer. */
  private static void endScopeWithResponse(ClassicHttpResponse response, CallScope call) {
    HttpEntity entity = response.getEntity();
    if (entity == null) {
      call.close();
      return;
    }
    response.setEntity(new HttpEntityWrapper(entity) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          call.close();
        }
      }
    });
  }

  private long millisSince(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(timing.nanoTime() - startedNanos);
  }

  private static void logRequest(String method, String target, ClassicHttpRequest request, int retries) {
    if (!LOG.isDebugEnabled()) {
      return;
    }
    StringBuilder headers = new StringBuilder();
    for (Header header : request.getHeaders()) {
      headers.append(headers.length() == 0 ? "" : ", ").append(header.getName()).append(": ")
          .append(Redaction.headerValue(header.getName(), header.getValue()));
    }
    LOG.debug("--> {} {} (attempt {}) [{}]", method, target, retries + 1, headers);
  }

  private static void logResponse(ClassicHttpResponse response, long millis) {
    if (!LOG.isDebugEnabled()) {
      return;
    }
    Header requestId = response.getFirstHeader("x-request-id");
    LOG.debug("<-- {} {} ({} ms{})", response.getCode(), response.getReasonPhrase(), millis,
        requestId == null ? "" : ", request id " + requestId.getValue());
  }

  /** A success answer whose body is not JSON; carries what is needed for a readable error. */
  static final class UnexpectedBodyException extends IOException {
    private static final long serialVersionUID = 1L;
    final String contentType;
    final String snippet;

    UnexpectedBodyException(String contentType, String snippet) {
      super("expected a JSON body but got " + contentType);
      this.contentType = contentType;
      this.snippet = snippet;
    }
  }
}
