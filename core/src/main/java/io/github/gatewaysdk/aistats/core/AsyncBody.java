package io.github.gatewaysdk.aistats.core;

import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;

/**
 * A request body that writes itself for the non-blocking client ({@link AsyncTransport}) without being copied whole
 * first: a form, a file. Other bodies (JSON, url-encoded) are small and go as their bytes.
 */
interface AsyncBody {
  /**
   * @param aborted whether the call was aborted: the next write then fails the exchange, which drops the connection
   *     (HttpClient's cancel does not reach a body being sent)
   * @param executor where a write that may block (a file, a caller's stream) is made, never on an I/O thread
   * @return the body's producer for one attempt
   */
  AsyncEntityProducer producer(BooleanSupplier aborted, Executor executor);
}
