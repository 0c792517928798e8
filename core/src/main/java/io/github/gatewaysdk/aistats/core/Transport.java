package io.github.gatewaysdk.aistats.core;

import java.util.concurrent.CompletableFuture;
import org.apache.hc.core5.pool.PoolStats;

/**
 * What the two forms of a call do differently, and nothing else: how an attempt is sent and its answer waited for,
 * and how the wait before a retry is made. {@link Call} runs the rest (interceptors, retry decisions, deadline, typed
 * errors) the same for both. {@link ClassicTransport} (blocking, on the caller's thread) and {@link AsyncTransport}
 * (non-blocking I/O) implement it over HttpClient 5, each set up once from the client's {@link HttpSettings}.
 */
interface Transport {
  /**
   * Sends one attempt of {@code call}. Before it starts, the exchange is registered with the call
   * ({@link CallState#running}), so that an abort ends it.
   *
   * @return the answer, its body still to be read; or the exchange's own failure, reported to the call first
   *     ({@link CallState#exchangeFailed}) so that it is told apart from what an interceptor throws
   */
  CompletableFuture<AttemptResponse> send(CallState call, AttemptRequest attempt);

  /**
   * The wait before {@code call}'s next attempt.
   *
   * @return completed after {@code delayMillis}, or at once when the call is aborted meanwhile
   */
  CompletableFuture<Void> pause(CallState call, long delayMillis);

  /** Closes the connections and stops the threads the transport started. */
  void close();

  /** For tests: the pool's leased, pending and available connections. */
  PoolStats poolStats();
}
