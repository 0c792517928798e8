package io.github.gatewaysdk.aistats.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.core5.pool.PoolStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The interceptor chain between a call and its transport, driven with a transport that answers as told. */
class InterceptorChainTest {
  private static final ApiRequest<byte[]> REQUEST = ApiRequest.builder("GET", "/models", ResponseType.bytes("*/*"))
      .build();
  private static final AttemptRequest ATTEMPT = new AttemptRequest("GET /models", 1, "GET",
      URI.create("http://127.0.0.1/v1/models"), Map.of(), Set.of(), null);
  private static final AttemptResponse OK = AttemptResponse.received(1, 200, Map.of(), Duration.ZERO, null, () -> { });

  /** One thread: a chain that needed a second one while the first waits would never finish. */
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "call-executor"));

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  /**
   * The transport's failures as the {@code proceed} of a blocking interceptor throws them, in both forms: the call
   * tells a transport failure (retried, typed) from an interceptor's by identity, so a wrapper would make a reset
   * "an interceptor threw".
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aBlockingInterceptorGetsTheTransportsFailureAsItWasRaised(boolean blockingCall) throws Exception {
    IOException io = new IOException("connection reset");
    assertSame(io, failureSeenBy(io, blockingCall));
    IllegalStateException runtime = new IllegalStateException("pool closed");
    assertSame(runtime, failureSeenBy(runtime, blockingCall));
    Error error = new Error("out of something");
    assertSame(error, failureSeenBy(error, blockingCall));
    Exception checked = new Exception("neither I/O nor unchecked");
    Throwable wrapped = failureSeenBy(checked, blockingCall);
    assertInstanceOf(IOException.class, wrapped);
    assertSame(checked, wrapped.getCause());
  }

  @Test
  void blockingInterceptorsOfAnAsynchronousCallRunOnItsExecutorOneThreadSufficing() throws Exception {
    List<Thread> ranOn = new CopyOnWriteArrayList<>();
    Interceptor recording = chain -> {
      ranOn.add(Thread.currentThread());
      return chain.proceed(chain.request());
    };
    CallState call = asyncCall();
    CompletableFuture<AttemptResponse> answer = InterceptorChain.start(List.of(recording, recording),
        answering(CompletableFuture.completedFuture(OK)), call, ATTEMPT).toCompletableFuture();
    assertSame(OK, answer.get(5, TimeUnit.SECONDS));
    assertEquals(2, ranOn.size());
    assertEquals("call-executor", ranOn.get(0).getName());
    assertSame(ranOn.get(0), ranOn.get(1));
    assertNotSame(Thread.currentThread(), ranOn.get(0));
  }

  private Throwable failureSeenBy(Throwable failure, boolean blockingCall) throws Exception {
    AtomicReference<Throwable> seen = new AtomicReference<>();
    Interceptor catching = chain -> {
      try {
        return chain.proceed(chain.request());
      } catch (IOException | RuntimeException | Error e) {
        seen.set(e);
        throw e;
      }
    };
    CompletableFuture<AttemptResponse> failed = new CompletableFuture<>();
    failed.completeExceptionally(failure);
    CompletableFuture<AttemptResponse> answer = InterceptorChain.start(List.of(catching), answering(failed),
        blockingCall ? blockingCall() : asyncCall(), ATTEMPT).toCompletableFuture();
    ExecutionException e = assertThrows(ExecutionException.class, () -> answer.get(5, TimeUnit.SECONDS));
    assertSame(seen.get(), InterceptorChain.unwrap(e.getCause()));
    return seen.get();
  }

  /** A blocking call's state: its thread is the caller's, and its steps run there. */
  private static CallState blockingCall() {
    return new CallState(REQUEST, RequestOptions.builder().timeout(Duration.ofSeconds(30)).build(),
        Thread.currentThread(), Runnable::run, System.nanoTime(), false, Timing.SYSTEM, () -> false, () -> { });
  }

  private CallState asyncCall() {
    return new CallState(REQUEST, RequestOptions.builder().timeout(Duration.ofSeconds(30)).build(), null, executor,
        System.nanoTime(), false, Timing.SYSTEM, () -> false, () -> { });
  }

  private static Transport answering(CompletableFuture<AttemptResponse> answer) {
    return new Transport() {
      @Override
      public CompletableFuture<AttemptResponse> send(CallState call, AttemptRequest attempt) {
        return answer;
      }

      @Override
      public CompletableFuture<Void> pause(CallState call, long delayMillis) {
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public void close() {
      }

      @Override
      public PoolStats poolStats() {
        return new PoolStats(0, 0, 0, 0);
      }
    };
  }
}
