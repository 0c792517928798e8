package io.github.gatewaysdk.aistats.core;

import java.io.IOException;
import java.util.concurrent.CompletionStage;

/**
 * Sees, and may change, every attempt of every call the client makes: add a header ({@code traceparent}), record
 * status, headers and timing for metrics, log. Interceptors run in the order added, each attempt anew (a retried call
 * passes through them once per attempt): for a blocking call on the calling thread, for an asynchronous call on its
 * executor ({@link #interceptAsync}).
 *
 * <pre>{@code
 * Interceptor tracing = chain -> chain.proceed(chain.request().withHeader("traceparent", traceparent()));
 * Interceptor metrics = chain -> {
 *   AttemptResponse response = chain.proceed(chain.request());
 *   record(chain.request().operation(), response.statusCode(), response.elapsed());
 *   return response;
 * };
 * }</pre>
 *
 * <p>An interceptor that throws fails the call with an {@link io.github.gatewaysdk.aistats.errors.AiStatsException}
 * whose cause is what it threw; the connection is released. The API key is shown redacted in
 * {@link AttemptRequest#headers()} and {@code toString()}; {@code header("Authorization")} returns it.
 */
@FunctionalInterface
public interface Interceptor {
  /**
   * @param chain this attempt: its request, and the rest of the chain
   * @return the answer, usually {@code chain.proceed(request)}'s
   * @throws IOException when the exchange fails (pass on what {@code proceed} threw)
   */
  AttemptResponse intercept(Chain chain) throws IOException;

  /**
   * The same for an attempt of an asynchronous call. By default {@link #intercept} runs on the call's executor, which
   * holds one of its threads until the attempt's answer has arrived; an interceptor that overrides this method holds
   * none:
   *
   * <pre>{@code
   * public CompletionStage<AttemptResponse> interceptAsync(AsyncChain chain) {
   *   long started = System.nanoTime();
   *   return chain.proceed(chain.request()).thenApply(response -> record(response, started));
   * }
   * }</pre>
   *
   * @param chain this attempt: its request, and the rest of the chain
   * @return the answer, usually derived from {@code chain.proceed(request)}'s
   */
  default CompletionStage<AttemptResponse> interceptAsync(AsyncChain chain) {
    return ((BlockingOnExecutor) chain).runOnExecutor(rest -> intercept(new Chain() {
      @Override
      public AttemptRequest request() {
        return chain.request();
      }

      @Override
      public AttemptResponse proceed(AttemptRequest request) throws IOException {
        return rest.proceed(request);
      }
    }));
  }

  /** One attempt on its way through the interceptors. */
  interface Chain {
    /** @return the request as the interceptors before this one left it */
    AttemptRequest request();

    /**
     * Passes the request on: to the next interceptor, and after the last to the network.
     *
     * @param request the request to send, {@link #request()} or a changed copy
     * @return the answer's status and headers; its body is read by the client after the chain returns
     * @throws IOException when the exchange fails
     */
    AttemptResponse proceed(AttemptRequest request) throws IOException;
  }

  /** One attempt of an asynchronous call on its way through the interceptors. */
  interface AsyncChain {
    /** @return the request as the interceptors before this one left it */
    AttemptRequest request();

    /**
     * Passes the request on: to the next interceptor, and after the last to the network.
     *
     * @param request the request to send, {@link #request()} or a changed copy
     * @return the answer, completed on the call's executor; it fails with the exchange's {@link IOException}
     */
    CompletionStage<AttemptResponse> proceed(AttemptRequest request);
  }
}
