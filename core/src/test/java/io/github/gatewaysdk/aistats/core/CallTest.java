package io.github.gatewaysdk.aistats.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import io.github.gatewaysdk.aistats.core.internal.ApiCore;
import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import io.github.gatewaysdk.aistats.core.internal.Json;
import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import io.github.gatewaysdk.aistats.errors.AiStatsConnectionException;
import io.github.gatewaysdk.aistats.errors.AiStatsException;
import io.github.gatewaysdk.aistats.errors.AiStatsServiceException;
import io.github.gatewaysdk.aistats.errors.AiStatsTimeoutException;
import io.github.gatewaysdk.aistats.errors.InternalServerException;
import io.github.gatewaysdk.aistats.errors.MalformedResponseException;
import io.github.gatewaysdk.aistats.errors.RateLimitException;
import io.github.gatewaysdk.aistats.errors.UnexpectedStatusException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Call}'s own decisions, each seen on its own: the headers of each attempt, which answers and failures are
 * retried and after how long, how an answer's body is read or handed on, what is released when the call ends. The
 * transport answers from a script and its waits take no time, so no server and no clock is involved; the local-server
 * tests ({@link FaultToleranceTest}, {@link CallLifecycleTest}) show the same through HttpClient.
 */
class CallTest {
  private static final String KEY = "sk-call-test-5e1d";
  private static final String BASE = "http://127.0.0.1:9/v1";
  private static final ResponseType<Map<String, Object>> JSON_MAP =
      ResponseType.json(new TypeReference<Map<String, Object>>() {});

  private final ScriptedTransport transport = new ScriptedTransport();
  private final MovedClock clock = new MovedClock();
  private final List<Interceptor> interceptors = new ArrayList<>();
  private final Engine engine = new Engine(BASE, KEY, interceptors, clock, () -> 0.5, Json.newMapper(), 1 << 20,
      new ErrorMapper(KEY, 1000));
  private ExecutorService executor;

  @AfterEach
  void stop() {
    engine.deadlines.close();
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  // ---------------------------------------------------------------------------------------------- what is sent

  @Test
  void eachAttemptCarriesAcceptAcceptEncodingTheKeyAndTheRequestsHeadersWithTheCallersOverThem() {
    transport.then(answer(200, "application/json", "{}"));
    ApiRequest<Map<String, Object>> request = ApiRequest.builder("GET", "/models/{id}", JSON_MAP)
        .pathParam("id", "m1").queryParam("limit", 3).header("X-Trace", "from-request").header("X-Kept", "k")
        .build();
    run(request, options(RequestOptions.builder().header("x-trace", "from-caller")));
    AttemptRequest sent = transport.sent.get(0);
    assertEquals(1, sent.attempt());
    assertEquals("GET", sent.method());
    assertEquals("GET /models/{id}", sent.operation());
    assertEquals(BASE + "/models/m1?limit=3", sent.uri().toString());
    assertEquals(Arrays.asList("Accept", "Accept-Encoding", "Authorization", "X-Kept", "x-trace"),
        new ArrayList<>(sent.rawHeaders().keySet()), "the caller's header replaces the request's of any case");
    assertEquals("application/json", sent.header("Accept"));
    assertEquals(ContentCoding.ACCEPT_ENCODING, sent.header("Accept-Encoding"));
    assertEquals("Bearer " + KEY, sent.header("Authorization"));
    assertEquals("from-caller", sent.header("X-Trace"));
    assertNull(sent.header(ApiCore.RETRY_COUNT_HEADER), "the first attempt is no retry");
    assertNull(sent.body);
  }

  @Test
  void aPublicOperationSendsNoKey() {
    transport.then(answer(200, "application/json", "{}"));
    run(ApiRequest.builder("GET", "/health", JSON_MAP).authenticated(false).build(), options(RequestOptions.builder()));
    assertNull(transport.sent.get(0).header("Authorization"));
  }

  @Test
  void theCallersExtraPropertiesAndQueryParametersAreSent() throws IOException {
    transport.then(answer(200, "application/json", "{}"));
    ApiRequest<Map<String, Object>> request = ApiRequest.builder("POST", "/chat", JSON_MAP)
        .jsonBody(Collections.singletonMap("model", "m")).build();
    run(request, options(RequestOptions.builder().extraBodyProperty("seed", 7).extraQueryParam("debug", "1")));
    AttemptRequest sent = transport.sent.get(0);
    assertEquals(BASE + "/chat?debug=1", sent.uri().toString());
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    sent.writeBodyTo(body);
    assertEquals("{\"model\":\"m\",\"seed\":7}", body.toString("UTF-8"));
  }

  @Test
  void aBodyThatCannotBeWrittenFailsTheCallBeforeAnythingIsSent() {
    ApiRequest<Map<String, Object>> request = ApiRequest.builder("POST", "/chat", JSON_MAP)
        .jsonBody(Arrays.asList(1, 2)).build();
    RequestOptions options = options(RequestOptions.builder().extraBodyProperty("seed", 7));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(request, options));
    assertTrue(e.getMessage().contains("is not a JSON object"), e.getMessage());
    assertEquals(0, transport.sent.size());
  }

  // ---------------------------------------------------------------------------------------------- answers

  @Test
  void aSuccessIsReadItsExchangeReleasedAndItsDeadlineDisarmed() {
    Exchange exchange = new Exchange();
    transport.then(answer(200, "application/json", "{\"id\":\"r1\"}", exchange, "x-request-id", "req-1"));
    Call<Map<String, Object>> call = Call.blocking(engine, transport, get(), options(RequestOptions.builder()));
    assertTrue(engine.deadlines.arm(call.state));
    RawResponse<Map<String, Object>> raw = call.run();
    assertEquals(200, raw.statusCode());
    assertEquals("r1", raw.body().get("id"));
    assertEquals("req-1", raw.requestId());
    assertEquals(1, raw.attempts());
    assertEquals(1, exchange.closes.get());
    engine.deadlines.close(); // aborts every call still armed: this one ended, so it is not
    assertNull(call.state.aborted());
  }

  @Test
  void everyStatusFrom200To299IsASuccessAndNoneAroundIt() {
    transport.then(answer(299, "application/json", "{}"));
    assertEquals(299, run(get(), options(RequestOptions.builder())).statusCode());
    transport.then(answer(300, "application/json", "{}"));
    UnexpectedStatusException above = assertThrows(UnexpectedStatusException.class,
        () -> run(get(), options(RequestOptions.builder())));
    assertEquals(300, above.statusCode());
    transport.then(answer(199, "application/json", "{}"));
    UnexpectedStatusException below = assertThrows(UnexpectedStatusException.class,
        () -> run(get(), options(RequestOptions.builder())));
    assertEquals(199, below.statusCode());
  }

  @Test
  void anErrorAnswersBodyIsReadIntoTheExceptionAndItsExchangeReleased() {
    Exchange exchange = new Exchange();
    transport.then(answer(400, "application/json", "{\"error\":{\"message\":\"bad model\"}}", exchange));
    Call<Map<String, Object>> call = Call.blocking(engine, transport, post(), options(RequestOptions.builder()));
    assertTrue(engine.deadlines.arm(call.state));
    AiStatsServiceException e = assertThrows(AiStatsServiceException.class, call::run);
    assertEquals(400, e.statusCode());
    assertEquals("{\"error\":{\"message\":\"bad model\"}}", e.body());
    assertTrue(e.getMessage().contains("bad model"), e.getMessage());
    assertEquals(1, exchange.closes.get());
    engine.deadlines.close();
    assertNull(call.state.aborted(), "a failed call is disarmed too");
  }

  @Test
  void anErrorAnswerWithoutABodyOrWithAnUnreadableOneStillFailsTypedByItsStatus() {
    transport.then(answerWith(404, null, new Exchange()));
    AiStatsServiceException none = assertThrows(AiStatsServiceException.class,
        () -> run(post(), options(RequestOptions.builder())));
    assertEquals(404, none.statusCode());
    assertNull(none.body());

    Exchange exchange = new Exchange();
    transport.then(answerWith(500, new FailingEntity(() -> new IOException("reset")), exchange));
    InternalServerException unreadable = assertThrows(InternalServerException.class,
        () -> run(post(), options(RequestOptions.builder())));
    assertNull(unreadable.body());
    assertEquals(1, exchange.closes.get());
  }

  @Test
  void anAbortWhileTheErrorBodyIsReadEndsTheCallAsAborted() {
    Call<Map<String, Object>> call = Call.blocking(engine, transport, post(), options(RequestOptions.builder()));
    transport.then(answerWith(500, new FailingEntity(() -> {
      call.state.abort(CallState.Abort.CLOSED);
      return new IOException("connection shut");
    }), new Exchange()));
    AiStatsException e = assertThrows(AiStatsException.class, call::run);
    assertEquals("POST /chat failed: the client was closed", e.getMessage());
  }

  @Test
  void anAnswerOfTheWrongMediaTypeIsMalformedShowingTheStartOfItsBody() {
    transport.then(answer(200, "text/html", "<html>proxy error</html>"));
    MalformedResponseException e = assertThrows(MalformedResponseException.class,
        () -> run(get(), options(RequestOptions.builder())));
    assertTrue(e.getMessage().contains("expected a JSON body but got text/html: <html>proxy error</html>"),
        e.getMessage());
    assertEquals("<html>proxy error</html>", e.body());

    transport.then(answer(200, "text/html", "  "));
    MalformedResponseException blank = assertThrows(MalformedResponseException.class,
        () -> run(get(), options(RequestOptions.builder())));
    assertTrue(blank.getMessage().contains("expected a JSON body but got text/html")
        && !blank.getMessage().contains("text/html:"), blank.getMessage());
  }

  @Test
  void aBodyThatIsNotTheJsonExpectedIsMalformed() {
    Exchange exchange = new Exchange();
    transport.then(answer(200, "application/json", "{\"id\":", exchange));
    MalformedResponseException e = assertThrows(MalformedResponseException.class,
        () -> run(get(), options(RequestOptions.builder())));
    assertEquals(200, e.statusCode());
    assertEquals(1, exchange.closes.get());
  }

  @Test
  void aReadFailureOfASuccessIsAConnectionErrorOrTheAbortThatCausedIt() {
    Exchange exchange = new Exchange();
    transport.then(answerWith(200, new FailingEntity(() -> new IOException("reset by peer")), exchange));
    AiStatsConnectionException e = assertThrows(AiStatsConnectionException.class,
        () -> run(text(), options(RequestOptions.builder())));
    assertTrue(e.getMessage().startsWith("GET /notes failed while reading the 200 answer"), e.getMessage());
    assertEquals(1, exchange.closes.get());

    Call<String> call = Call.blocking(engine, transport, text(), options(RequestOptions.builder()));
    transport.then(answerWith(200, new FailingEntity(() -> {
      call.state.abort(CallState.Abort.CLOSED);
      return new IOException("connection shut");
    }), new Exchange()));
    assertEquals("GET /notes failed: the client was closed",
        assertThrows(AiStatsException.class, call::run).getMessage());
  }

  /** An Error is the caller's as it is: not wrapped, not turned into an exception of the SDK. */
  @Test
  void anErrorWhileReadingReachesTheCallerAsItIs() {
    LinkageError error = new LinkageError("simulated");
    Exchange exchange = new Exchange();
    transport.then(answerWith(200, new FailingEntity(() -> {
      throw error;
    }), exchange));
    assertSame(error, assertThrows(LinkageError.class, () -> run(text(), options(RequestOptions.builder()))));
    assertEquals(1, exchange.closes.get());
  }

  @Test
  void aBodyHandedOnKeepsTheCallAndItsExchangeUntilTheCallerClosesIt() throws IOException {
    Exchange exchange = new Exchange();
    transport.then(answer(200, "audio/mpeg", "mp3 bytes", exchange));
    Call<BinaryResponse> call = Call.blocking(engine, transport, speech(), options(RequestOptions.builder()));
    assertTrue(engine.deadlines.arm(call.state));
    BinaryResponse binary = call.run().body();
    assertEquals(0, exchange.closes.get(), "the caller reads it after the call returned");
    assertEquals("audio/mpeg", binary.contentType());
    assertArrayEquals("mp3 bytes".getBytes(StandardCharsets.UTF_8), binary.bytes());
    assertEquals(1, exchange.closes.get(), "read to its end and closed");
    engine.deadlines.close();
    assertNull(call.state.aborted(), "disarmed once the body was closed");
  }

  @Test
  void aBodyHandedOnStaysArmedWhileTheCallerHoldsIt() {
    transport.then(answer(200, "audio/mpeg", "mp3 bytes"));
    Call<BinaryResponse> call = Call.blocking(engine, transport, speech(), options(RequestOptions.builder()));
    assertTrue(engine.deadlines.arm(call.state));
    try (BinaryResponse binary = call.run().body()) {
      engine.deadlines.close(); // the client closes while the caller still reads
      assertEquals(CallState.Abort.CLOSED, call.state.aborted(), "still the call's: " + binary);
    }
  }

  @Test
  void aReadFailureOfABodyHandedOnIsTheCallsTypedException() {
    transport.then(answerWith(200, new FailingEntity("audio/mpeg", () -> new IOException("reset by peer")),
        new Exchange()));
    try (BinaryResponse binary = run(speech(), options(RequestOptions.builder())).body()) {
      AiStatsConnectionException e = assertThrows(AiStatsConnectionException.class, binary::bytes);
      assertTrue(e.getMessage().startsWith("POST /audio/speech failed while reading the 200 answer"),
          e.getMessage());
    }
  }

  @Test
  void anEventThatIsNotTheJsonExpectedIsMalformed() {
    ApiRequest<EventStream<Map<String, Object>>> request = ApiRequest.builder("POST", "/messages",
        ResponseType.events(new TypeReference<Map<String, Object>>() {})).build();
    transport.then(answer(200, "text/event-stream", "data: {\"a\":1}\n\ndata: {oops\n\n"));
    try (EventStream<Map<String, Object>> events = run(request, options(RequestOptions.builder())).body()) {
      MalformedResponseException e = assertThrows(MalformedResponseException.class, () -> {
        for (Map<String, Object> ignored : events) {
          assertEquals(1, ignored.get("a"));
        }
      });
      assertEquals(200, e.statusCode());
    }
  }

  /** An answer whose body the operation ignores is still ended, so that its connection goes back to the pool. */
  @Test
  void aBodyNobodyReadsIsStillClosed() {
    CloseRecordingStream in = new CloseRecordingStream("{\"ignored\":true}");
    transport.then(answerWith(204, new org.apache.hc.core5.http.io.entity.InputStreamEntity(in,
        ContentType.APPLICATION_JSON), new Exchange()));
    RawResponse<Void> raw = run(ApiRequest.builder("DELETE", "/files/f1", ResponseType.none()).build(),
        options(RequestOptions.builder()));
    assertEquals(204, raw.statusCode());
    assertNull(raw.body());
    assertTrue(in.closed.get());
  }

  @Test
  void theEventsOfABlockingCallAreHandedToASubscriberOnTheCallersThread() throws Exception {
    ApiRequest<EventStream<ServerSentEvent>> request = ApiRequest.builder("POST", "/messages",
        ResponseType.events()).build();
    transport.then(answer(200, "text/event-stream", "data: one\n\ndata: two\n\n"));
    List<String> seen = new ArrayList<>();
    try (EventStream<ServerSentEvent> events = run(request, options(RequestOptions.builder())).body()) {
      CompletableFuture<Void> end = events.subscribe(event -> seen.add(Thread.currentThread().getName() + " "
          + event.data()));
      assertTrue(end.isDone(), "a blocking call's subscriber runs before subscribe returns");
      end.get();
    }
    String caller = Thread.currentThread().getName();
    assertEquals(Arrays.asList(caller + " one", caller + " two"), seen);
  }

  // ---------------------------------------------------------------------------------------------- retries

  @Test
  void aRefusedStatusIsRetriedAfterTheBackoffEachRetryCountedInItsHeader() {
    transport.then(answer(503, "application/json", "{}"), answer(429, "application/json", "{}"),
        answer(200, "application/json", "{}"));
    RawResponse<Map<String, Object>> raw = run(post(), options(RequestOptions.builder().maxRetries(2)));
    assertEquals(3, raw.attempts());
    // random() is 0.5: 375 ms for the first retry (250..500), 750 ms for the second (500..1000)
    assertEquals(Arrays.asList(375L, 750L), transport.pauses);
    assertEquals(Arrays.asList(null, "1", "2"), headerOfEach(ApiCore.RETRY_COUNT_HEADER));
    assertEquals(Arrays.asList(1, 2, 3), attemptNumbers());
    assertSame(transport.sent.get(0).body, transport.sent.get(2).body, "the body is built once");
  }

  @Test
  void retryAfterInSecondsOrAsADateSetsTheWaitAndZeroRetriesAtOnce() {
    String inThreeSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
        Instant.ofEpochMilli(clock.currentTimeMillis()).plusSeconds(3).atOffset(ZoneOffset.UTC));
    transport.then(answer(503, "application/json", "{}", new Exchange(), "Retry-After", "2"),
        answer(503, "application/json", "{}", new Exchange(), "Retry-After", "0"),
        answer(503, "application/json", "{}", new Exchange(), "Retry-After", inThreeSeconds),
        answer(200, "application/json", "{}"));
    run(post(), options(RequestOptions.builder().maxRetries(3)));
    assertEquals(3, transport.pauses.size());
    assertEquals(2000L, transport.pauses.get(0));
    assertEquals(0L, transport.pauses.get(1));
    long dated = transport.pauses.get(2);
    assertTrue(dated > 1000 && dated <= 3000, "waits until the date: " + dated);
  }

  @Test
  void theLastRetryFailsWithTheAnswerAndCountsItsAttempts() {
    Exchange first = new Exchange();
    Exchange last = new Exchange();
    transport.then(answer(429, "application/json", "{}", first), answer(429, "application/json", "{}", last));
    RateLimitException e = assertThrows(RateLimitException.class,
        () -> run(post(), options(RequestOptions.builder().maxRetries(1))));
    assertTrue(e.getMessage().contains("(2 attempts)"), e.getMessage());
    assertEquals(2, transport.sent.size());
    assertEquals(1, first.closes.get());
    assertEquals(1, last.closes.get());
  }

  @Test
  void aServerErrorIsRetriedOnlyForAnIdempotentRequestOrWhenTheCallerOptsIn() {
    transport.then(answer(500, "application/json", "{}"));
    assertThrows(InternalServerException.class, () -> run(post(), options(RequestOptions.builder())));
    assertEquals(1, transport.sent.size(), "a POST may have been processed");

    transport.then(answer(502, "application/json", "{}"), answer(200, "application/json", "{}"));
    assertEquals(2, run(get(), options(RequestOptions.builder())).attempts());

    transport.then(answer(504, "application/json", "{}"), answer(200, "application/json", "{}"));
    assertEquals(2, run(post(), options(RequestOptions.builder().retryNonIdempotentFailures(true))).attempts());
  }

  @Test
  void noRetryWhenNoneIsAllowedOrTheDeadlineHasNoRoomForTheWait() {
    transport.then(answer(503, "application/json", "{}"));
    assertThrows(InternalServerException.class, () -> run(post(), options(RequestOptions.builder().maxRetries(0))));
    assertEquals(1, transport.sent.size());

    transport.then(answer(503, "application/json", "{}", new Exchange(), "Retry-After", "5"));
    InternalServerException e = assertThrows(InternalServerException.class,
        () -> run(post(), options(RequestOptions.builder().timeout(Duration.ofSeconds(2)))));
    assertEquals(2, transport.sent.size(), "a wait of 5 s does not fit in a deadline of 2 s");
    assertEquals(503, e.statusCode());
    assertTrue(transport.pauses.isEmpty());
  }

  @Test
  void aBodyReadFromAStreamIsSentOnceAndClosedWhenTheCallEnds() {
    CloseRecordingStream stream = new CloseRecordingStream("file bytes");
    ApiRequest<Map<String, Object>> request = ApiRequest.builder("PUT", "/files/{id}", JSON_MAP)
        .pathParam("id", "f1").binaryBody(FilePart.of(stream, "f.bin", "application/octet-stream"),
            "application/octet-stream").build();
    transport.then(answer(503, "application/json", "{}"));
    assertThrows(InternalServerException.class, () -> run(request, options(RequestOptions.builder())));
    assertEquals(1, transport.sent.size(), "a stream is read once: no retry, even of an idempotent PUT");
    assertTrue(stream.closed.get());

    CloseRecordingStream sent = new CloseRecordingStream("file bytes");
    transport.then(answer(200, "application/json", "{}"));
    run(ApiRequest.builder("PUT", "/files/f2", JSON_MAP).binaryBody(FilePart.of(sent, "f.bin",
        "application/octet-stream"), "application/octet-stream").build(), options(RequestOptions.builder()));
    assertTrue(sent.closed.get(), "closed after a success too");
  }

  @Test
  void aConnectionNeverMadeIsRetriedAfterTheBackoff() {
    transport.then(failure(new ConnectException("refused")), answer(200, "application/json", "{}"));
    RawResponse<Map<String, Object>> raw = run(post(), options(RequestOptions.builder()));
    assertEquals(2, raw.attempts());
    assertEquals(Collections.singletonList(375L), transport.pauses);
    assertEquals("1", transport.sent.get(1).header(ApiCore.RETRY_COUNT_HEADER));
  }

  @Test
  void aFailureThatMayHaveReachedTheServerIsNotRetriedForAPost() {
    transport.then(failure(new SocketTimeoutException("read timed out")));
    AiStatsTimeoutException e = assertThrows(AiStatsTimeoutException.class,
        () -> run(post(), options(RequestOptions.builder())));
    assertTrue(e.getMessage().contains("response timeout"), e.getMessage());
    assertEquals(1, transport.sent.size());

    transport.then(failure(new SocketTimeoutException("read timed out")), answer(200, "application/json", "{}"));
    assertEquals(2, run(get(), options(RequestOptions.builder())).attempts(), "a GET is retried");
  }

  @Test
  void aConnectFailureIsNotRetriedPastTheRetriesTheDeadlineOrForABodyReadOnce() {
    transport.then(failure(new ConnectException("refused")), failure(new ConnectException("refused")));
    AiStatsConnectionException last = assertThrows(AiStatsConnectionException.class,
        () -> run(post(), options(RequestOptions.builder().maxRetries(1))));
    assertTrue(last.getMessage().contains("refused"), last.getMessage());
    assertEquals(2, transport.sent.size());

    transport.then(failure(new ConnectException("refused")));
    assertThrows(AiStatsConnectionException.class,
        () -> run(post(), options(RequestOptions.builder().timeout(Duration.ofMillis(300)))));
    assertEquals(3, transport.sent.size(), "a backoff of 375 ms does not fit in a deadline of 300 ms");

    transport.then(failure(new ConnectException("refused")));
    ApiRequest<Map<String, Object>> streamed = ApiRequest.builder("PUT", "/files/f3", JSON_MAP)
        .binaryBody(FilePart.of(new CloseRecordingStream("x"), "f.bin", "application/octet-stream"),
            "application/octet-stream").build();
    assertThrows(AiStatsConnectionException.class, () -> run(streamed, options(RequestOptions.builder())));
    assertEquals(4, transport.sent.size());
    assertEquals(Collections.singletonList(375L), transport.pauses);
  }

  @Test
  void aTransportFailureThatIsNoIoExceptionIsNeverRetried() {
    transport.then(failure(new IllegalStateException("pool shut down")));
    AiStatsConnectionException e = assertThrows(AiStatsConnectionException.class,
        () -> run(get(), options(RequestOptions.builder())));
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertEquals(1, transport.sent.size());
  }

  @Test
  void aFailureOfAnAbortedCallIsTheAbort() {
    Call<Map<String, Object>> call = Call.blocking(engine, transport, get(), options(RequestOptions.builder()));
    transport.then((state, attempt) -> {
      state.abort(CallState.Abort.CANCELLED);
      return failed(state.exchangeFailed(new ConnectException("cancelled")));
    });
    AiStatsException e = assertThrows(AiStatsException.class, call::run);
    assertEquals("GET /models/{id} was cancelled", e.getMessage());
    assertInstanceOf(ConnectException.class, e.getCause());
    assertEquals(1, transport.sent.size(), "never retried");
  }

  @Test
  void aDeadlinePassedDuringTheWaitEndsTheCallBeforeTheNextAttempt() {
    transport.pause = (state, delay) -> clock.move(Duration.ofSeconds(10));
    transport.then(answer(503, "application/json", "{}"));
    AiStatsTimeoutException e = assertThrows(AiStatsTimeoutException.class,
        () -> run(post(), options(RequestOptions.builder())));
    assertTrue(e.getMessage().startsWith("POST /chat did not finish within its 10 s deadline"), e.getMessage());
    assertEquals(1, transport.sent.size());
  }

  @Test
  void anAbortDuringTheWaitEndsTheCallBeforeTheNextAttempt() {
    transport.pause = (state, delay) -> state.abort(CallState.Abort.CLOSED);
    transport.then(answer(503, "application/json", "{}"));
    AiStatsException e = assertThrows(AiStatsException.class, () -> run(post(), options(RequestOptions.builder())));
    assertTrue(e.getMessage().contains("the client was closed"), e.getMessage());
    assertEquals(1, transport.sent.size());
  }

  // ---------------------------------------------------------------------------------------------- interceptors

  @Test
  void anInterceptorThatThrowsAfterTheAnswerFailsTheCallUnretriedAndReleasesTheAnswer() {
    Exchange exchange = new Exchange();
    transport.then(answer(200, "application/json", "{}", exchange));
    IllegalStateException broken = new IllegalStateException("metrics down");
    interceptors.add(chain -> {
      chain.proceed(chain.request());
      throw broken;
    });
    AiStatsException e = assertThrows(AiStatsException.class, () -> run(get(), options(RequestOptions.builder())));
    assertTrue(e.getMessage().startsWith("GET /models/{id} failed: an interceptor threw"), e.getMessage());
    assertSame(broken, e.getCause());
    assertEquals(1, exchange.closes.get());
    assertEquals(1, transport.sent.size());
  }

  /** An interceptor that passes the transport's failure on leaves it the transport's: retried, then typed. */
  @Test
  void aTransportFailurePassedOnByABlockingInterceptorIsRetriedAsTheTransports() {
    interceptors.add(chain -> chain.proceed(chain.request()));
    transport.then(failure(new ConnectException("refused")), answer(200, "application/json", "{}"));
    assertEquals(2, run(get(), options(RequestOptions.builder())).attempts());
  }

  /** An Error is the JVM's (or a test's assertion): neither form wraps it, whichever layer throws it. */
  @Test
  void anErrorFromAnInterceptorReachesTheCallerUnwrappedInBothForms() throws Exception {
    AssertionError broken = new AssertionError("interceptor's own check");
    interceptors.add(chain -> {
      chain.proceed(chain.request());
      throw broken;
    });
    Exchange exchange = new Exchange();
    transport.then(answer(200, "application/json", "{}", exchange));
    assertSame(broken, assertThrows(AssertionError.class, () -> run(get(), options(RequestOptions.builder()))));
    assertEquals(1, exchange.closes.get());

    executor = Executors.newSingleThreadExecutor();
    transport.then(answer(200, "application/json", "{}"));
    CallFuture<Object> future = new CallFuture<>();
    Call.async(engine, transport, get(), options(RequestOptions.builder()), executor, future, raw -> raw,
        clock.nanoTime()).start();
    ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS));
    assertSame(broken, e.getCause());
    assertEquals(2, transport.sent.size());
  }

  @Test
  void anInterceptorThatReturnsNoAnswerFailsTheCall() {
    transport.then(answer(200, "application/json", "{}"));
    interceptors.add(chain -> {
      chain.proceed(chain.request());
      return null;
    });
    AiStatsException e = assertThrows(AiStatsException.class, () -> run(get(), options(RequestOptions.builder())));
    assertEquals("GET /models/{id} failed: an interceptor returned no response", e.getMessage());
  }

  // ---------------------------------------------------------------------------------------------- asynchronous

  @Test
  void anAsynchronousCallWithoutInterceptorsSendsFromTheCallersThreadAndCompletesWithItsShape() throws Exception {
    executor = Executors.newSingleThreadExecutor(task -> new Thread(task, "call-test-executor"));
    AtomicReference<Thread> sender = new AtomicReference<>();
    transport.then((state, attempt) -> {
      sender.set(Thread.currentThread());
      return answer(200, "application/json", "{\"id\":\"a1\"}").apply(state, attempt);
    });
    CallFuture<Object> future = new CallFuture<>();
    Call.async(engine, transport, get(), options(RequestOptions.builder()), executor, future, RawResponse::body,
        clock.nanoTime()).start();
    assertEquals(Collections.singletonMap("id", "a1"), future.get(5, TimeUnit.SECONDS));
    assertSame(Thread.currentThread(), sender.get());
  }

  @Test
  void anAsynchronousCallsInterceptorsNeverRunOnTheCallersThread() throws Exception {
    executor = Executors.newSingleThreadExecutor(task -> new Thread(task, "call-test-executor"));
    AtomicReference<String> ranOn = new AtomicReference<>();
    interceptors.add(chain -> {
      ranOn.set(Thread.currentThread().getName());
      return chain.proceed(chain.request());
    });
    transport.then(answer(200, "application/json", "{}"));
    CallFuture<Object> future = new CallFuture<>();
    Call.async(engine, transport, get(), options(RequestOptions.builder()), executor, future, raw -> raw,
        clock.nanoTime()).start();
    assertEquals(1, ((RawResponse<?>) future.get(5, TimeUnit.SECONDS)).attempts());
    assertEquals("call-test-executor", ranOn.get());
  }

  /** An interceptor of its own asynchronous form is called on the executor too, never on the caller's thread. */
  @Test
  void anAsynchronousInterceptorIsCalledOnTheExecutor() throws Exception {
    executor = Executors.newSingleThreadExecutor(task -> new Thread(task, "call-test-executor"));
    AtomicReference<String> calledOn = new AtomicReference<>();
    interceptors.add(new Interceptor() {
      @Override
      public AttemptResponse intercept(Chain chain) {
        throw new AssertionError("an asynchronous call calls interceptAsync");
      }

      @Override
      public java.util.concurrent.CompletionStage<AttemptResponse> interceptAsync(AsyncChain chain) {
        calledOn.set(Thread.currentThread().getName());
        return chain.proceed(chain.request());
      }
    });
    transport.then(answer(200, "application/json", "{}"));
    CallFuture<Object> future = new CallFuture<>();
    Call.async(engine, transport, get(), options(RequestOptions.builder()), executor, future, raw -> raw,
        clock.nanoTime()).start();
    assertEquals(1, ((RawResponse<?>) future.get(5, TimeUnit.SECONDS)).attempts());
    assertEquals("call-test-executor", calledOn.get());
  }

  @Test
  void anAsynchronousCallWhoseBodyCannotBeWrittenFailsItsFuture() {
    executor = Executors.newSingleThreadExecutor();
    ApiRequest<Map<String, Object>> request = ApiRequest.builder("POST", "/chat", JSON_MAP)
        .jsonBody(Arrays.asList(1, 2)).build();
    CallFuture<Object> future = new CallFuture<>();
    Call.async(engine, transport, request, options(RequestOptions.builder().extraBodyProperty("seed", 1)), executor,
        future, raw -> raw, clock.nanoTime()).start();
    ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS));
    assertInstanceOf(IllegalArgumentException.class, e.getCause());
    assertEquals(0, transport.sent.size());
  }

  @Test
  void anExecutorThatRefusesTheCallsTasksStillCompletesItsFuture() throws Exception {
    AtomicInteger refused = new AtomicInteger();
    transport.then(answer(503, "application/json", "{}"), answer(200, "application/json", "{}"));
    CallFuture<Object> future = new CallFuture<>();
    Call.async(engine, transport, post(), options(RequestOptions.builder()), task -> {
      refused.incrementAndGet();
      throw new RejectedExecutionException("shut down");
    }, future, raw -> raw, clock.nanoTime()).start();
    assertEquals(2, ((RawResponse<?>) future.get(5, TimeUnit.SECONDS)).attempts());
    assertTrue(refused.get() > 0);
  }

  @Test
  void anAbortedAsynchronousCallFailsAtOnceWhileItsExchangeIsUnderWay() throws Exception {
    executor = Executors.newSingleThreadExecutor();
    AtomicBoolean cancelled = new AtomicBoolean();
    transport.then((state, attempt) -> {
      state.running(() -> {
        cancelled.set(true);
        return true;
      });
      return new CompletableFuture<>(); // an answer that never comes
    });
    CallFuture<Object> future = new CallFuture<>();
    Call<Map<String, Object>> call = Call.async(engine, transport, get(), options(RequestOptions.builder()),
        executor, future, raw -> raw, clock.nanoTime());
    call.start();
    call.state.abort(CallState.Abort.CANCELLED);
    ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS));
    assertEquals("GET /models/{id} was cancelled", e.getCause().getMessage());
    assertTrue(cancelled.get());
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private <T> RawResponse<T> run(ApiRequest<T> request, RequestOptions options) {
    return Call.blocking(engine, transport, request, options).run();
  }

  /** The client's defaults (10 s deadline, 2 retries) under what {@code setters} set. */
  private static RequestOptions options(RequestOptions.Builder setters) {
    RequestOptions defaults = RequestOptions.complete(RequestOptions.builder(), Duration.ofSeconds(10),
        Duration.ofSeconds(2), 2);
    return setters.build().applyDefaults(defaults);
  }

  private static ApiRequest<Map<String, Object>> get() {
    return ApiRequest.builder("GET", "/models/{id}", JSON_MAP).pathParam("id", "m1").build();
  }

  private static ApiRequest<Map<String, Object>> post() {
    return ApiRequest.builder("POST", "/chat", JSON_MAP).jsonBody(Collections.singletonMap("model", "m")).build();
  }

  private static ApiRequest<String> text() {
    return ApiRequest.builder("GET", "/notes", ResponseType.text()).build();
  }

  private static ApiRequest<BinaryResponse> speech() {
    return ApiRequest.builder("POST", "/audio/speech", ResponseType.binary("audio/*"))
        .jsonBody(Collections.singletonMap("input", "hi")).build();
  }

  private List<String> headerOfEach(String name) {
    List<String> values = new ArrayList<>();
    transport.sent.forEach(sent -> values.add(sent.header(name)));
    return values;
  }

  private List<Integer> attemptNumbers() {
    List<Integer> numbers = new ArrayList<>();
    transport.sent.forEach(sent -> numbers.add(sent.attempt()));
    return numbers;
  }

  private static Step answer(int status, String contentType, String body) {
    return answer(status, contentType, body, new Exchange());
  }

  private static Step answer(int status, String contentType, String body, Exchange exchange, String... headers) {
    return answerWith(status, new ByteArrayEntity(body.getBytes(StandardCharsets.UTF_8),
        ContentType.parse(contentType)), exchange, headers);
  }

  private static Step answerWith(int status, HttpEntity entity, Exchange exchange, String... headers) {
    return (state, attempt) -> {
      Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (int i = 0; i < headers.length; i += 2) {
        map.put(headers[i], Collections.singletonList(headers[i + 1]));
      }
      return CompletableFuture.completedFuture(state.received(AttemptResponse.received(attempt.attempt(), status,
          map, Duration.ofMillis(1), entity, exchange)));
    };
  }

  private static Step failure(Throwable e) {
    return (state, attempt) -> failed(state.exchangeFailed(e));
  }

  private static CompletableFuture<AttemptResponse> failed(Throwable e) {
    CompletableFuture<AttemptResponse> failed = new CompletableFuture<>();
    failed.completeExceptionally(e);
    return failed;
  }

  private interface Step extends BiFunction<CallState, AttemptRequest, CompletableFuture<AttemptResponse>> {
  }

  /** Answers each attempt with the next step of its script; records what was sent and each wait, taking no time. */
  private static final class ScriptedTransport implements Transport {
    final Deque<Step> script = new ArrayDeque<>();
    final List<AttemptRequest> sent = new ArrayList<>();
    final List<Long> pauses = new ArrayList<>();
    /** What happens during a wait, besides its recording. */
    java.util.function.BiConsumer<CallState, Long> pause = (state, delay) -> { };

    void then(Step... steps) {
      script.addAll(Arrays.asList(steps));
    }

    @Override
    public CompletableFuture<AttemptResponse> send(CallState call, AttemptRequest attempt) {
      sent.add(attempt);
      Step next = script.pollFirst();
      if (next == null) {
        throw new AssertionError("no answer scripted for attempt " + attempt);
      }
      return next.apply(call, attempt);
    }

    @Override
    public CompletableFuture<Void> pause(CallState call, long delayMillis) {
      pauses.add(delayMillis);
      pause.accept(call, delayMillis);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
    }

    @Override
    public org.apache.hc.core5.pool.PoolStats poolStats() {
      return new org.apache.hc.core5.pool.PoolStats(0, 0, 0, 0);
    }
  }

  /** An answer's exchange, counting its closes (each releases or drops the connection). */
  private static final class Exchange implements Closeable {
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  /** A body whose reading fails with what {@code failure} gives (an unchecked throwable is thrown as it is). */
  private static final class FailingEntity extends AbstractHttpEntity {
    private final java.util.function.Supplier<IOException> failure;

    FailingEntity(java.util.function.Supplier<IOException> failure) {
      this("text/plain", failure);
    }

    FailingEntity(String contentType, java.util.function.Supplier<IOException> failure) {
      super(ContentType.parse(contentType), null);
      this.failure = failure;
    }

    @Override
    public InputStream getContent() {
      return new InputStream() {
        @Override
        public int read() throws IOException {
          throw failure.get();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          throw failure.get();
        }
      };
    }

    @Override
    public boolean isStreaming() {
      return true;
    }

    @Override
    public long getContentLength() {
      return -1;
    }

    @Override
    public boolean isRepeatable() {
      return false;
    }

    @Override
    public void close() {
    }
  }

  private static final class CloseRecordingStream extends ByteArrayInputStream {
    final AtomicBoolean closed = new AtomicBoolean();

    CloseRecordingStream(String content) {
      super(content.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }
}
