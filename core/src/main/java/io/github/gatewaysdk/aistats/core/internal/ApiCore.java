package io.github.gatewaysdk.aistats.core.internal;

import io.github.gatewaysdk.aistats.core.RawResponse;
import io.github.gatewaysdk.aistats.core.RequestOptions;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Internal: not for applications, and free to change in any release. What generated services call: they describe a
 * request ({@link ApiRequest}) and hand it here with the call's {@link RequestOptions}. The one implementation, made by
 * {@link io.github.gatewaysdk.aistats.core.ClientBuilder#build()}, owns the connection pools, the attempts and their
 * retries, the deadline, the interceptors, the typed errors, the logging and the redaction of credentials.
 * Thread-safe.
 */
public interface ApiCore extends AutoCloseable {
  /** Sent from the second attempt on: how many attempts came before this one. */
  String RETRY_COUNT_HEADER = "X-Retry-Count";
  /** The most bytes a binary or text answer may have: far above any image or audio this API returns. */
  int MAX_BINARY_BYTES = 64 * 1024 * 1024;
  /** The most characters one JSON string may have: a {@code b64_json} of a {@link #MAX_BINARY_BYTES} image. */
  int MAX_JSON_STRING_CHARS = (MAX_BINARY_BYTES + 2) / 3 * 4;
  /** The most bytes a JSON answer may have: several such images. */
  long MAX_JSON_DOCUMENT_BYTES = 4L * MAX_JSON_STRING_CHARS;

  /**
   * Sends a request and returns its parsed answer.
   *
   * @param request what to send, as a generated service describes it
   * @param options this call's settings over the client's
   * @param <T> the parsed body's type
   * @return the parsed body (null for operations without one)
   * @throws io.github.gatewaysdk.aistats.errors.AiStatsException on any failure of the call
   */
  default <T> T execute(ApiRequest<T> request, RequestOptions options) {
    return executeRaw(request, options).body();
  }

  /**
   * Sends a request and returns its answer with status, headers and request id.
   *
   * @param request what to send, as a generated service describes it
   * @param options this call's settings over the client's
   * @param <T> the parsed body's type
   * @return the answer
   * @throws io.github.gatewaysdk.aistats.errors.AiStatsException on any failure of the call
   */
  <T> RawResponse<T> executeRaw(ApiRequest<T> request, RequestOptions options);

  /**
   * Sends a request without blocking: the asynchronous form of {@link #execute}.
   *
   * @param request describes the request; called once, and what it throws (a bad argument) fails the future before
   *     anything is sent
   * @param options this call's settings over the client's
   * @param <T> the parsed body's type
   * @return the parsed body's future: it completes on the call's executor ({@link RequestOptions#asyncExecutor()})
   *     with the body, or exceptionally with the exception {@link #execute} would throw; cancelling it aborts the call
   */
  <T> CompletableFuture<T> executeAsync(Supplier<ApiRequest<T>> request, RequestOptions options);

  /**
   * Sends a request without blocking: the asynchronous form of {@link #executeRaw}.
   *
   * @param request describes the request, as for {@link #executeAsync}
   * @param options this call's settings over the client's
   * @param <T> the parsed body's type
   * @return the answer's future, as for {@link #executeAsync}
   */
  <T> CompletableFuture<RawResponse<T>> executeRawAsync(Supplier<ApiRequest<T>> request, RequestOptions options);

  /** @return the base URL requests go to */
  String baseUrl();

  /**
   * Fails every call in flight or waiting for a connection with an exception saying the client was closed, closes
   * the pooled connections and stops the client's threads. Calls made afterwards fail the same way.
   */
  @Override
  void close();
}
