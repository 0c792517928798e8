package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import static io.github.gatewaysdk.aistats.core.TestSupport.assertNoLeasedConnections;
import static io.github.gatewaysdk.aistats.core.TestSupport.await;
import static io.github.gatewaysdk.aistats.core.TestSupport.clientFor;
import static io.github.gatewaysdk.aistats.core.TestSupport.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gatewaysdk.aistats.errors.AiStatsException;
import io.github.gatewaysdk.aistats.errors.RateLimitException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What only the asynchronous form has: the executor its futures complete on, cancellation at every stage of an
 * exchange, close() with futures in flight, many calls on few threads. The faults both forms share are in
 * {@link FaultToleranceTest}.
 */
class AsyncCallTest extends LiveServerTest {
  private final List<ExecutorService> executors = new ArrayList<>();

  private ExecutorService named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(2, task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    executors.add(executor);
    return executor;
  }

  @org.junit.jupiter.api.AfterEach
  void stopExecutors() {
    executors.forEach(ExecutorService::shutdownNow);
  }

  @Test
  void completesOnTheClientsOwnPoolByDefaultThenOnTheBuildersThenOnTheCallsExecutor() {
    server.otherwise(FaultServer.after(100, FaultServer.json(200, FaultServer.OK_BODY)));
    TestClient plain = client(clientFor(server.baseUrl(), Timing.SYSTEM));
    assertTrue(threadOf(plain.images().editAsync(request())).startsWith("ai-stats-async-"));
    plain.close();

    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM).asyncExecutor(named("builder-")));
    assertTrue(threadOf(c.images().editAsync(request())).startsWith("builder-"));
    RequestOptions perCall = RequestOptions.builder().asyncExecutor(named("call-")).build();
    assertTrue(threadOf(c.images().editAsync(request(), perCall)).startsWith("call-"));
  }

  /**
   * The deadline counts from the caller's call: what comes before the call exists (starting the engine on a client's
   * first asynchronous call, describing the request) is the call's time. Here that takes longer than the deadline.
   */
  @Test
  void theDeadlineCountsFromTheCallersCallColdEngineIncluded() {
    MovedClock clock = new MovedClock();
    TestClient c = client(clientFor(server.baseUrl(), clock).timeout(Duration.ofSeconds(5)));
    CompletableFuture<byte[]> late = c.core.executeAsync(() -> {
      clock.move(Duration.ofSeconds(10));
      return ApiRequest.absolute("GET", java.net.URI.create(server.baseUrl() + "/files/out.png"),
          ResponseType.bytes("*/*")).build();
    }, RequestOptions.none());
    AiStatsException e = assertThrows(AiStatsException.class, () -> await(late));
    assertTrue(e.getMessage().contains("did not finish within its 5 s deadline"), e.getMessage());
    assertEquals(0, server.requestCount());
  }

  /** The thread a dependent stage of {@code future} ran on, once it completed. */
  private static String threadOf(CompletableFuture<?> future) {
    CompletableFuture<String> thread = new CompletableFuture<>();
    // Added before completion (the server answers after 100 ms), so it runs where the future completes.
    future.whenComplete((value, error) -> thread.complete(Thread.currentThread().getName()));
    assertFalse(Thread.currentThread().getName().equals(await(thread)), "completed on the caller's thread");
    return await(thread);
  }

  @Test
  void aClientUsedOnlyBlockingStartsNoAsynchronousMachinery() {
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM));
    c.images().edit(request());
    assertEquals(null, c.asyncPoolStats(), "no async client, pool, timer or executor");
    await(c.images().editAsync(request()));
    assertTrue(c.asyncPoolStats() != null, "started by the first asynchronous call");
  }

  @Test
  void aBadArgumentFailsTheFutureAndNothingIsSent() {
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM));
    CompletableFuture<ImagesEditResponse> future = c.images().editAsync(new ImagesEditRequest().image("x"));
    ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(2, TimeUnit.SECONDS));
    assertInstanceOf(IllegalArgumentException.class, e.getCause());
    assertEquals("model is required, was null", e.getCause().getMessage());
    assertEquals(0, server.requestCount());
  }

  @Test
  void failuresAreTheSameTypedExceptionsUnwrapped() {
    server.otherwise(FaultServer.json(429, "{\"error\":{\"message\":\"slow down\"}}"));
    TestClient c = client(clientFor(server.baseUrl(), new FakeTiming()));
    CompletableFuture<ImagesEditResponse> future = c.images().editAsync(request());
    ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS));
    RateLimitException limited = assertInstanceOf(RateLimitException.class, e.getCause());
    assertEquals("429 Too Many Requests from POST /images/edits: slow down (3 attempts)", limited.getMessage());
  }

  /**
   * Cancelling at each stage of an exchange ends it there: the future is cancelled, the connection is not leased
   * afterwards, and no retry follows (the server never sees a second attempt), though the call would retry a 503.
   */
  @ParameterizedTest
  @ValueSource(strings = {"waiting", "reading", "waiting for a connection"})
  void cancellingEndsTheExchangeWhereverItIs(String stage) throws Exception {
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM).maxConnections(1)
        .retryNonIdempotentFailures(true));
    CompletableFuture<ImagesEditResponse> blocker = null;
    if (stage.equals("waiting for a connection")) {
      server.then(FaultServer.silent());
      blocker = c.images().editAsync(request()); // holds the only connection
      awaitRequests(1);
    } else {
      server.then(stage.equals("waiting") ? FaultServer.silent() : FaultServer.trickle());
    }
    server.otherwise(FaultServer.json(503, "{}"));
    CompletableFuture<ImagesEditResponse> future = c.images().editAsync(request());
    if (!stage.equals("waiting for a connection")) {
      awaitRequests(1);
    }
    AtomicInteger completions = new AtomicInteger();
    future.whenComplete((value, error) -> completions.incrementAndGet());
    Thread.sleep(100); // well inside the stage
    assertTrue(future.cancel(true));
    if (blocker != null) {
      blocker.cancel(true);
    }
    assertThrows(CancellationException.class, future::join);
    Thread.sleep(300); // a retry, were there one, would have been sent by now
    assertEquals(1, server.requestCount(), "requests the server saw");
    assertEquals(1, completions.get(), "the future completed once");
    assertNoLeasedConnections(c);
  }

  @Test
  void cancellingWhileUploadingDropsTheConnection() throws Exception {
    try (ServerSocket unread = new ServerSocket()) {
      unread.setReceiveBufferSize(64 * 1024); // a small window, which the body overflows at once
      unread.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
      TestClient c = client(clientFor("http://127.0.0.1:" + unread.getLocalPort() + "/v1", Timing.SYSTEM));
      char[] large = new char[32 * 1024 * 1024];
      Arrays.fill(large, 'A');
      ImagesEditRequest big = request().image("data:image/png;base64," + new String(large));
      CompletableFuture<ImagesEditResponse> future = c.images().editAsync(big);
      try (Socket accepted = unread.accept()) { // the server takes the connection but reads none of the body
        Thread.sleep(200);
        assertFalse(future.isDone(), "still uploading");
        assertTrue(future.cancel(true));
        InputStream in = accepted.getInputStream();
        accepted.setSoTimeout(5000);
        long received = 0;
        try {
          for (int n; (n = in.read(new byte[65536])) != -1; ) {
            received += n; // the client closes the connection: the read ends before the body's 32 MB
          }
        } catch (SocketException reset) {
          // closed with unread bytes in flight: the client dropped the connection
        }
        assertTrue(received < large.length, "received " + received);
      }
      assertNoLeasedConnections(c);
    }
  }

  @Test
  void closeFailsTheFuturesInFlightAndStopsEveryThreadTheClientStarted() {
    server.otherwise(FaultServer.silent());
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM));
    List<CompletableFuture<ImagesEditResponse>> inFlight = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      inFlight.add(c.images().editAsync(request()));
    }
    awaitRequests(5);
    assertFalse(sdkThreads().isEmpty());
    c.close();
    for (CompletableFuture<ImagesEditResponse> future : inFlight) {
      ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(2, TimeUnit.SECONDS));
      assertInstanceOf(AiStatsException.class, e.getCause());
      assertEquals("POST /images/edits failed: the client was closed", e.getCause().getMessage());
    }
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      while (!sdkThreads().isEmpty()) {
        Thread.sleep(20);
      }
    }, () -> "still running: " + sdkThreads());
    ExecutionException after = assertThrows(ExecutionException.class,
        () -> c.images().editAsync(request()).get(2, TimeUnit.SECONDS));
    assertEquals("POST /images/edits was not sent: the client was closed", after.getCause().getMessage());
  }

  private static Set<String> sdkThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(name -> name.startsWith("ai-stats-")).collect(Collectors.toSet());
  }

  /** An executor its owner shut down while a call was in flight: the call still completes, on the I/O thread. */
  @Test
  void aShutDownExecutorDoesNotLeaveTheFuturePending() {
    server.otherwise(FaultServer.after(200, FaultServer.json(200, FaultServer.OK_BODY)));
    ExecutorService executor = named("owned-");
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM).asyncExecutor(executor));
    CompletableFuture<ImagesEditResponse> future = c.images().editAsync(request());
    awaitRequests(1);
    executor.shutdownNow();
    assertEquals("aGVsbG8=", assertTimeoutPreemptively(Duration.ofSeconds(2), () -> future.get())
        .getData().get(0).getB64Json());
  }

  @Test
  void aCallbackThatThrowsDoesNotBreakTheClient() {
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM));
    CompletableFuture<Void> broken = c.images().editAsync(request()).thenAccept(response -> {
      throw new IllegalStateException("a user's bug");
    });
    assertThrows(ExecutionException.class, () -> broken.get(2, TimeUnit.SECONDS));
    for (int i = 0; i < 3; i++) {
      assertEquals("aGVsbG8=", await(c.images().editAsync(request())).getData().get(0).getB64Json());
    }
  }

  @Test
  void blockingAndNonBlockingInterceptorsSeeEveryAttemptOnTheExecutor() {
    server.then(FaultServer.json(503, "{}"));
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    Interceptor blocking = chain -> {
      AttemptResponse response = chain.proceed(chain.request().withHeader("X-Blocking", "yes"));
      seen.add("blocking " + response.statusCode() + " on " + Thread.currentThread().getName().replaceAll("\\d+$", ""));
      return response;
    };
    Interceptor nonBlocking = new Interceptor() {
      @Override
      public AttemptResponse intercept(Chain chain) {
        throw new AssertionError("the asynchronous form is used");
      }

      @Override
      public CompletionStage<AttemptResponse> interceptAsync(AsyncChain chain) {
        return chain.proceed(chain.request().withHeader("X-Non-Blocking", "yes")).thenApply(response -> {
          seen.add("non-blocking " + response.statusCode() + " on "
              + Thread.currentThread().getName().replaceAll("\\d+$", ""));
          return response;
        });
      }
    };
    TestClient c = client(clientFor(server.baseUrl(), new FakeTiming()).addInterceptor(blocking)
        .addInterceptor(nonBlocking));
    RawResponse<ImagesEditResponse> raw = await(c.images().editRawAsync(request(), RequestOptions.none()));
    assertEquals(2, raw.attempts());
    assertEquals(List.of("non-blocking 503 on ai-stats-async-", "blocking 503 on ai-stats-async-",
        "non-blocking 200 on ai-stats-async-", "blocking 200 on ai-stats-async-"), seen);
    assertEquals("yes", server.requests().get(1).header("x-blocking"));
    assertEquals("yes", server.requests().get(1).header("x-non-blocking"));
  }

  @Test
  void manyCallsInFlightNeedAHandfulOfThreads() {
    server.otherwise(FaultServer.after(300, FaultServer.json(200, FaultServer.OK_BODY)));
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM).maxConnections(200));
    List<CompletableFuture<ImagesEditResponse>> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      calls.add(c.images().editAsync(request()));
    }
    awaitRequests(150); // most are in flight at once
    int threads = sdkThreads().size();
    calls.forEach(TestSupport::await);
    // the deadline watcher, the timer, the I/O threads and the default executor; not one per call
    assertTrue(threads <= 2 + AsyncTransport.IO_THREADS + AsyncTransport.DEFAULT_EXECUTOR_THREADS, "threads: " + threads);
    assertEquals(200, server.requestCount());
  }
}
