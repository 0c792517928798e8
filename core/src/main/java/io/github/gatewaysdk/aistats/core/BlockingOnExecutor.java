package io.github.gatewaysdk.aistats.core;

import java.io.IOException;
import java.util.concurrent.CompletionStage;

/**
 * How the chain of an asynchronous call runs an interceptor that only blocks: on the call's executor, with a thread
 * of it waiting for the rest of the chain. The chain implements it; the interceptors' default asynchronous method
 * asks for it, in terms of requests and answers alone, so that the public interface names nothing of the chain.
 */
interface BlockingOnExecutor {
  /** @return the answer of {@code step}, run on the call's executor */
  CompletionStage<AttemptResponse> runOnExecutor(Step step);

  /** One blocking interceptor's work on an attempt. */
  @FunctionalInterface
  interface Step {
    AttemptResponse run(Proceed rest) throws IOException;
  }

  /** The rest of the chain, waited for. */
  @FunctionalInterface
  interface Proceed {
    AttemptResponse proceed(AttemptRequest request) throws IOException;
  }
}
