package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import io.github.gatewaysdk.aistats.core.internal.Headers;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;

/** A call made on the caller's thread, through HttpClient's classic (blocking) client; waits before retries block. */
final class BlockingCall<T> extends Call<T> {
  private volatile HttpUriRequestBase current;
  // Only the caller's thread touches these.
  private Throwable transportFailure;
  private ClassicHttpResponse lastExchange;

  BlockingCall(ClientCore core, ApiRequest<T> request, RequestOptions options) {
    super(core, request, options, Thread.currentThread(), core.timing.nanoTime());
  }

  @Override
  void abort(Abort reason) {
    if (!markAborted(reason)) {
      return;
    }
    HttpUriRequestBase exchange = current;
    if (exchange != null) {
      exchange.cancel();
    }
  }

  RawResponse<T> run() {
    prepare();
    for (int retries = 0; ; retries++) {
      AttemptRequest attempt = nextAttempt(retries);
      long started = core.timing.nanoTime();
      AttemptResponse response;
      try {
        response = proceed(0, attempt);
      } catch (IOException | RuntimeException | Error e) {
        closeQuietly(lastExchange);
        pause(afterFailure(e, e == transportFailure, attempt, started, retries), retries + 1);
        continue;
      }
      RawResponse<T> result = afterResponse(response, retries);
      if (result != null) {
        return result;
      }
      pause(retryDelay, retries + 1);
    }
  }

  /** Passes {@code request} to interceptor {@code index}, or after the last one to the network. */
  private AttemptResponse proceed(int index, AttemptRequest request) throws IOException {
    List<Interceptor> interceptors = core.interceptors;
    if (index == interceptors.size()) {
      return send(request);
    }
    return interceptors.get(index).intercept(new Interceptor.Chain() {
      @Override
      public AttemptRequest request() {
        return request;
      }

      @Override
      public AttemptResponse proceed(AttemptRequest next) throws IOException {
        return BlockingCall.this.proceed(index + 1, next);
      }
    });
  }

  private AttemptResponse send(AttemptRequest attempt) throws IOException {
    HttpUriRequestBase exchange = new HttpUriRequestBase(attempt.method(), attempt.uri());
    for (Map.Entry<String, String> header : attempt.rawHeaders().entrySet()) {
      exchange.addHeader(header.getKey(), header.getValue());
    }
    exchange.setEntity(attempt.body);
    HttpClientContext context = HttpClientContext.create();
    context.setRequestConfig(core.attemptConfig(this));
    SendGate.attach(context, this);
    current = exchange;
    if (aborted != null) {
      exchange.cancel(); // an abort that came before this attempt's exchange existed
    }
    long started = core.timing.nanoTime();
    try {
      ClassicHttpResponse response = core.httpClient.executeOpen(null, exchange, context);
      lastExchange = response;
      return new AttemptResponse(attempts, response.getCode(), Headers.toMap(response.getHeaders()),
          Duration.ofNanos(core.timing.nanoTime() - started), response.getEntity(), response);
    } catch (IOException | RuntimeException e) {
      transportFailure = e;
      throw e;
    }
  }

  /** Waits before a retry; an abort (deadline, close) or an interrupt ends the wait, and the call. */
  private void pause(long delayMillis, int retryNumber) {
    Log.retry(delayMillis, retryReason, retryNumber, options.maxRetries());
    synchronized (this) {
      try {
        core.timing.await(this, delayMillis, () -> aborted != null);
      } catch (InterruptedException e) {
        aborted = Abort.INTERRUPTED;
        Thread.currentThread().interrupt();
      }
    }
    if (aborted != null) {
      throw core.errors.aborted(this, null);
    }
  }
}
