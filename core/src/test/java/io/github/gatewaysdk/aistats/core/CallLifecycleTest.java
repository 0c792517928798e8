package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.ApiCore;
import static io.github.gatewaysdk.aistats.core.TestSupport.clientFor;
import static io.github.gatewaysdk.aistats.core.TestSupport.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gatewaysdk.aistats.errors.AiStatsException;
import io.github.gatewaysdk.aistats.errors.AiStatsTimeoutException;
import io.github.gatewaysdk.aistats.errors.InternalServerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How a call ends when something outside it intervenes: the deadline, close(), an interrupt, an interceptor; and
 * what the core hands back besides the body. Real time throughout: these are about when a call ends.
 */
class CallLifecycleTest extends LiveServerTest {
  /** Scheduling slack on a busy 2-core machine. */
  private static final long SLACK_MILLIS = 250;



  @Test
  void theDeadlineFiresOnTimeWhileTheServerIsSilent() {
    server.then(FaultServer.silent());
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM).responseTimeout(Duration.ofSeconds(30))
        .timeout(Duration.ofMillis(300)));
    long started = System.nanoTime();
    AiStatsTimeoutException e = assertThrows(AiStatsTimeoutException.class, () -> c.images().edit(request()));
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertTrue(tookMillis >= 300 && tookMillis < 300 + SLACK_MILLIS, "ended after " + tookMillis + " ms");
    assertEquals("POST /images/edits did not finish within its 300 ms deadline", e.getMessage());
  }

  @Test
  void theDeadlineWatcherSleepsWithoutATimeoutWhileNoCallIsInFlight() throws Exception {
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM));
    c.images().edit(request());
    Thread watcher = c.core.engine.deadlines.thread;
    assertTrue(watcher.isDaemon());
    // Within one interrupt check of the call's end it notices there is nothing to watch, and parks until signalled.
    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
      while (watcher.getState() != Thread.State.WAITING) {
        Thread.sleep(Deadlines.INTERRUPT_CHECK_MILLIS);
      }
    });
    c.close();
    watcher.join(2000);
    assertFalse(watcher.isAlive(), "close() stops the watcher");
  }

  @Test
  void closeFailsACallInFlightPromptly() throws Exception {
    server.then(FaultServer.silent());
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM).responseTimeout(Duration.ofSeconds(30)));
    Future<?> call = callers.submit(() -> c.images().edit(request()));
    awaitRequests(1);
    long closed = System.nanoTime();
    c.close();
    ExecutionException failure = assertThrows(ExecutionException.class, () -> call.get(5, TimeUnit.SECONDS));
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closed) < SLACK_MILLIS * 4);
    AiStatsException e = assertInstanceOf(AiStatsException.class, failure.getCause());
    assertEquals("POST /images/edits failed: the client was closed", e.getMessage());
  }

  @Test
  void anInterruptEndsABlockedReadAndKeepsTheFlag() throws Exception {
    server.then(FaultServer.silent());
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM).responseTimeout(Duration.ofSeconds(30)));
    CompletableFuture<Thread> caller = new CompletableFuture<>();
    Future<Boolean> flagKept = callers.submit(() -> {
      caller.complete(Thread.currentThread());
      AiStatsException e = assertThrows(AiStatsException.class, () -> c.images().edit(request()));
      assertEquals("POST /images/edits was interrupted", e.getMessage());
      return Thread.currentThread().isInterrupted();
    });
    awaitRequests(1);
    caller.get().interrupt();
    assertTrue(flagKept.get(Deadlines.INTERRUPT_CHECK_MILLIS + SLACK_MILLIS * 4, TimeUnit.MILLISECONDS));
  }

  @Test
  void anInterruptedThreadSendsNothing() {
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM));
    Thread.currentThread().interrupt();
    try {
      AiStatsException e = assertThrows(AiStatsException.class, () -> c.images().edit(request()));
      assertEquals("POST /images/edits was not sent: the calling thread is interrupted", e.getMessage());
      assertTrue(Thread.currentThread().isInterrupted(), "the flag is the caller's to clear");
    } finally {
      Thread.interrupted();
    }
    assertEquals(0, server.requestCount());
  }

  @Test
  void anErrorBodyIsReadOnlyUpToItsBound() {
    byte[] huge = new byte[4 * 1024 * 1024];
    Arrays.fill(huge, (byte) 'x');
    server.then(FaultServer.respond(500, "text/plain", huge));
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM));
    InternalServerException e = assertThrows(InternalServerException.class, () -> c.images().edit(request()));
    assertEquals(ErrorMapper.MAX_ERROR_BODY_BYTES, e.body().length());
    assertTrue(e.getMessage().length() < 400, e.getMessage());
  }

  @Test
  void interceptorsChangeEachAttemptAndSeeItsAnswer() {
    server.then(FaultServer.json(503, "{}"), FaultServer.json(200, FaultServer.OK_BODY, "x-request-id", "req-9"));
    List<String> seen = new ArrayList<>();
    TestClient c = client(clientFor(server.baseUrl(), new FakeTiming())
        .addInterceptor(chain -> chain.proceed(chain.request().withHeader("traceparent", "00-trace-01")))
        .addInterceptor(chain -> {
          AttemptRequest request = chain.request();
          assertEquals("<redacted>", request.headers().get("Authorization").get(0));
          assertEquals("Bearer " + TestSupport.API_KEY, request.header("authorization"));
          AttemptResponse answer = chain.proceed(request);
          seen.add(request.operation() + " #" + answer.attempt() + " " + answer.statusCode() + " "
              + answer.requestId());
          return answer;
        }));
    RawResponse<ImagesEditResponse> raw = c.images().editRaw(request(), RequestOptions.none());
    assertEquals(List.of("POST /images/edits #1 503 null", "POST /images/edits #2 200 req-9"), seen);
    assertEquals("00-trace-01", server.requests().get(0).header("traceparent"));
    assertEquals("00-trace-01", server.requests().get(1).header("traceparent"));
    assertEquals(200, raw.statusCode());
    assertEquals("req-9", raw.requestId());
    assertEquals(2, raw.attempts());
    assertEquals("aGVsbG8=", raw.body().getData().get(0).getB64Json());
  }

  @Test
  void anInterceptorThatThrowsFailsTheCallWithItsCauseAndLeaksNothing() {
    IllegalStateException broken = new IllegalStateException("metrics backend down");
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM).addInterceptor(chain -> {
      chain.proceed(chain.request());
      throw broken;
    }));
    AiStatsException e = assertThrows(AiStatsException.class, () -> c.images().edit(request()));
    assertSame(broken, e.getCause());
    assertTrue(e.getMessage().startsWith("POST /images/edits failed: an interceptor threw"), e.getMessage());
    assertEquals(1, server.requestCount());
  }

  @Test
  void anInterceptorMayBufferAndReplaceTheBody() {
    TestClient c = client(clientFor(server.baseUrl(), Timing.SYSTEM).addInterceptor(chain -> {
      AttemptResponse buffered = chain.proceed(chain.request()).bufferBody();
      String body = new String(buffered.bodyBytes(), java.nio.charset.StandardCharsets.UTF_8);
      return buffered.withBody(body.replace("aGVsbG8=", "Ynll").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }));
    assertEquals("Ynll", c.images().edit(request()).getData().get(0).getB64Json());
  }

  @Test
  void settingsThatCannotBeRightAreRejectedNamingTheValue() {
    for (String name : List.of("Content-Length", "Transfer-Encoding", "Host", "Content-Type", "", "X Title")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> RequestOptions.builder().header(name, "x"), name);
      assertTrue(e.getMessage().contains(name), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> RequestOptions.builder().header("X-Title", "a\r\nb: c"));
    for (String url : List.of("https://api.example/v1?x=1", "https://api.example/v1#top",
        "https://user:secret@api.example/v1")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> TestClient.builder().apiKey("k").baseUrl(url).build(), url);
      assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }
  }

}
