package io.github.gatewaysdk.aistats.core;

import static io.github.gatewaysdk.aistats.core.TestSupport.assertNoLeasedConnections;
import static io.github.gatewaysdk.aistats.core.TestSupport.clientFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import io.github.gatewaysdk.aistats.core.TestSupport.Form;
import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import io.github.gatewaysdk.aistats.errors.AiStatsConnectionException;
import io.github.gatewaysdk.aistats.errors.AiStatsTimeoutException;
import io.github.gatewaysdk.aistats.errors.MalformedResponseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A {@code text/event-stream} answer is handed on as its events arrive ({@link EventStream}), both forms: in order, to
 * its end or {@code [DONE]}; a stream that breaks, stalls past the response timeout or holds an unreadable event
 * fails typed, naming how far it came, and is not retried; closing it drops the connection.
 */
class EventStreamTest {
  private static final ResponseType<EventStream<ServerSentEvent>> RAW = ResponseType.events();
  private static final ResponseType<EventStream<ImagesEditResponse>> TYPED =
      ResponseType.events(new TypeReference<ImagesEditResponse>() {});

  private FaultServer server;
  private TestClient client;

  @BeforeEach
  void start() throws IOException {
    server = new FaultServer();
    client = clientFor(server.baseUrl(), Timing.SYSTEM).responseTimeout(Duration.ofSeconds(1))
        .timeout(Duration.ofSeconds(10)).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  /** An event-stream head, {@code events} written at once, then {@code then}. */
  private static FaultServer.Behavior stream(String events, FaultServer.Behavior then) {
    return (request, socket, out) -> {
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nConnection: close\r\n\r\n"
          + events).getBytes(StandardCharsets.UTF_8));
      out.flush();
      return then.respond(request, socket, out);
    };
  }

  private static final FaultServer.Behavior END = (request, socket, out) -> false;

  private static List<String> data(Iterable<ServerSentEvent> events) {
    List<String> data = new ArrayList<>();
    events.forEach(event -> data.add(event.event() + ":" + event.data()));
    return data;
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void eventsArriveInOrderUntilDone(Form form) {
    server.then(stream(": hello\n\nevent: start\ndata: {\"a\":1}\n\ndata: one\ndata: two\n\n"
        + "data: [DONE]\n\ndata: after done\n\n", FaultServer.silent()));
    try (EventStream<ServerSentEvent> events = form.events(client, RAW)) {
      assertEquals(List.of("start:{\"a\":1}", "message:one\ntwo"), data(events));
      assertEquals(2, events.eventCount());
    }
    assertNoLeasedConnections(client);
    assertEquals(1, server.requestCount());
  }

  /**
   * The asynchronous form's issue: a stream released at {@code [DONE]} before the answer's last chunk came dropped its
   * connection. The last chunk goes out only once the reader waits for it after {@code [DONE]} (the one timed wait
   * of a stream's reading), so the test takes that path every time.
   */
  @Test
  void anAsyncStreamEndingAtDoneKeepsItsConnectionWhenTheAnswersEndComesLater() throws Exception {
    CountDownLatch lastChunk = new CountDownLatch(1);
    server.then(FaultServer.eventsThenLastChunk("data: 1\n\ndata: [DONE]\n\n", lastChunk));
    EventStream<ServerSentEvent> events = TestSupport.await(client.eventsAsync(RAW));
    List<String> seen = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> events.forEach(event -> seen.add(event.data())), "stream-reader");
    reader.start();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (reader.getState() != Thread.State.TIMED_WAITING && reader.isAlive() && System.nanoTime() < end) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    Thread.State afterDone = reader.getState();
    lastChunk.countDown();
    reader.join(TimeUnit.SECONDS.toMillis(5));
    assertFalse(reader.isAlive(), "the stream ended once the answer had");
    assertEquals(List.of("1"), seen);

    assertEquals(1732406400L, TestSupport.await(client.images().editAsync(TestSupport.request())).created);
    assertEquals(2, server.requestCount());
    assertEquals(1, server.connectionsAccepted(), "the next call went out on the stream's connection");
    assertEquals(Thread.State.TIMED_WAITING, afterDone, "the reader waited for the answer's end after [DONE]");
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void eachEventsDataIsReadIntoTheModel(Form form) {
    server.then(stream("data: {\"created\":1}\n\ndata: {\"created\":2,\"unknown\":true}\n\n", END));
    List<Long> created = new ArrayList<>();
    try (EventStream<ImagesEditResponse> events = form.events(client, TYPED)) {
      events.forEach(event -> created.add(event.created));
    }
    assertEquals(List.of(1L, 2L), created);
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void anUnreadableEventFailsNamingIt(Form form) {
    server.then(stream("data: {\"created\":1}\n\ndata: not json\n\n", END));
    try (EventStream<ImagesEditResponse> events = form.events(client, TYPED)) {
      Iterator<ImagesEditResponse> it = events.iterator();
      assertEquals(1L, it.next().created);
      MalformedResponseException e = assertThrows(MalformedResponseException.class, it::hasNext);
      assertTrue(e.getMessage().contains("POST /messages: event 2 could not be read"), e.getMessage());
    }
    assertNoLeasedConnections(client);
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void aStreamThatBreaksFailsTypedNamingHowManyEventsArrivedAndIsNotRetried(Form form) {
    server.then(stream("data: 1\n\ndata: 2\n\ndata: 3", FaultServer.reset()));
    Iterator<ServerSentEvent> events = form.events(client, RAW).iterator();
    assertEquals("1", events.next().data());
    assertEquals("2", events.next().data());
    AiStatsConnectionException e = assertThrows(AiStatsConnectionException.class, events::hasNext);
    assertTrue(e.getMessage().contains("after 2 events"), e.getMessage());
    assertEquals(1, server.requestCount());
    assertNoLeasedConnections(client);
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void aStreamSilentPastTheResponseTimeoutBetweenEventsFailsTyped(Form form) {
    server.then(stream("data: 1\n\n", FaultServer.silent()));
    Iterator<ServerSentEvent> events = form.events(client, RAW).iterator();
    assertEquals("1", events.next().data());
    AiStatsTimeoutException e = TestSupport.failsWithin(Duration.ofSeconds(1), AiStatsTimeoutException.class,
        events::hasNext);
    assertTrue(e.getMessage().contains("after 1 event, then no more of its body within the 1 s response timeout"),
        e.getMessage());
    assertNoLeasedConnections(client);
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void closingMidStreamDropsTheConnection(Form form) {
    server.then(stream("data: 1\n\n", FaultServer.silent()));
    EventStream<ServerSentEvent> events = form.events(client, RAW);
    Iterator<ServerSentEvent> it = events.iterator();
    assertEquals("1", it.next().data());
    events.close();
    assertFalse(it.hasNext());
    assertNoLeasedConnections(client);
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void anAnswerThatIsNotAnEventStreamIsMalformed(Form form) {
    server.then(FaultServer.json(200, "{\"created\":1}"));
    MalformedResponseException e = assertThrows(MalformedResponseException.class, () -> form.events(client, RAW));
    assertTrue(e.getMessage().contains("expected text/event-stream but got application/json"), e.getMessage());
  }

  @Test
  void subscribersGetEachEventOnTheCallsExecutorAndAFutureForTheEnd() throws Exception {
    server.then(stream("data: a\n\ndata: b\n\n", END), stream("data: a\n\ndata: b\n\n", END));
    List<String> seen = new ArrayList<>();
    List<String> threads = new ArrayList<>();
    CompletableFuture<Void> end = client.eventsAsync(RAW).thenCompose(events -> events.subscribe(event -> {
      seen.add(event.data());
      threads.add(Thread.currentThread().getName());
    }));
    end.get(5, TimeUnit.SECONDS);
    assertEquals(List.of("a", "b"), seen);
    assertTrue(threads.stream().allMatch(name -> name.startsWith("ai-stats-async-")), threads.toString());

    RuntimeException thrown = new IllegalStateException("the consumer gave up");
    CompletableFuture<Void> failed = client.eventsAsync(RAW).thenCompose(events -> events.subscribe(event -> {
      throw thrown;
    }));
    ExecutionException e = assertThrows(ExecutionException.class, () -> failed.get(5, TimeUnit.SECONDS));
    assertEquals(thrown, e.getCause());
    TestSupport.awaitPool(client::asyncPoolStats, pool -> pool.getLeased() == 0, "the stream's connection released");
  }
}
