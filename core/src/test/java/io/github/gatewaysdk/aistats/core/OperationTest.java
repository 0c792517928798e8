package io.github.gatewaysdk.aistats.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gatewaysdk.aistats.core.internal.Operation;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The operation index that generated clients compile and the contract tests call through: what each entry says of its
 * operation, which of its forms it reaches, and the arguments it lets through. In the core's package, to make the
 * answers (a raw response, an event stream) that the forms hand back.
 */
class OperationTest {
  /** Stands in for a generated client: the index hands it to the form it calls. */
  private static final class Client {
  }

  private final Client client = new Client();
  private final RequestOptions options = RequestOptions.builder().header("X-Trace", "t-1").build();
  private final RawResponse<String> raw = new RawResponse<>(200, Map.of(), 1, "model m-1");
  private final CompletableFuture<RawResponse<String>> rawLater = CompletableFuture.completedFuture(raw);
  private final AtomicReference<Object[]> passed = new AtomicReference<>();

  private Operation<Client> retrieve() {
    return new Operation<Client>("retrieveModel", "GET", "/models/{id}", "retrieve",
        new Class<?>[] {String.class, Number.class},
        (c, arguments, o) -> {
          assertSame(client, c);
          assertSame(options, o);
          passed.set(arguments);
          return raw;
        },
        (c, arguments, o) -> {
          assertSame(client, c);
          assertSame(options, o);
          passed.set(arguments);
          return rawLater;
        });
  }

  @Test
  void anOperationNamesItsContractEntryAndItsSdkMethod() {
    Operation<Client> operation = retrieve();
    assertEquals("retrieveModel", operation.operationId());
    assertEquals("GET", operation.method());
    assertEquals("/models/{id}", operation.path());
    assertEquals("retrieve", operation.sdkMethod());
    assertEquals(List.of(String.class, Number.class), operation.argumentTypes());
    assertEquals("GET /models/{id} (retrieveModel: retrieve[class java.lang.String, class java.lang.Number])",
        operation.toString());
  }

  @Test
  void itsArgumentTypesAreAFixedCopy() {
    Class<?>[] types = {String.class};
    Operation<Client> operation = new Operation<Client>("listModels", "GET", "/models", "list", types,
        (c, arguments, o) -> raw, (c, arguments, o) -> rawLater);
    types[0] = Integer.class;
    assertEquals(List.of(String.class), operation.argumentTypes());
    assertThrows(UnsupportedOperationException.class, () -> operation.argumentTypes().add(Long.class));
  }

  @Test
  void bothRawFormsCallTheClientWithTheArgumentsAndOptionsAndHandBackItsAnswer() {
    Operation<Client> operation = retrieve();
    Object[] arguments = {"m-1", 3};
    assertSame(raw, operation.call(client, arguments, options));
    assertSame(arguments, passed.get());
    passed.set(null);
    assertSame(rawLater, operation.callAsync(client, arguments, options));
    assertSame(arguments, passed.get());
  }

  @Test
  void anArgumentMayBeNullOrOfASubtype() {
    Operation<Client> operation = retrieve();
    assertSame(raw, operation.call(client, new Object[] {null, 2.5d}, options));
    assertEquals(Arrays.asList(null, 2.5d), Arrays.asList(passed.get()));
  }

  @Test
  void aWrongNumberOfArgumentsIsRefusedBeforeTheClientIsCalled() {
    Operation<Client> operation = retrieve();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> operation.call(client, new Object[] {"m-1"}, options));
    assertEquals("retrieveModel takes [class java.lang.String, class java.lang.Number], got 1 arguments",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> operation.callAsync(client, new Object[] {"m-1", 1, 2},
        options));
    assertEquals(null, passed.get());
  }

  @Test
  void anArgumentOfAnotherTypeIsRefusedNamingItsPlace() {
    Operation<Client> operation = retrieve();
    IllegalArgumentException first = assertThrows(IllegalArgumentException.class,
        () -> operation.call(client, new Object[] {7, 1}, options));
    assertEquals("retrieveModel takes a java.lang.String as argument 0, got a java.lang.Integer", first.getMessage());
    IllegalArgumentException second = assertThrows(IllegalArgumentException.class,
        () -> operation.callAsync(client, new Object[] {"m-1", "1"}, options));
    assertEquals("retrieveModel takes a java.lang.Number as argument 1, got a java.lang.String", second.getMessage());
    assertEquals(null, passed.get());
  }

  @Test
  void anOperationWithoutTwinsSaysSoAndRefusesToCallThem() {
    Operation<Client> operation = retrieve();
    assertFalse(operation.streams());
    assertFalse(operation.pages());
    assertEquals(List.of(), operation.textMediaTypes());
    Object[] arguments = {"m-1", 1};
    assertNoTwin("retrieveModel has no streaming twin", () -> operation.callStreaming(client, arguments, options));
    assertNoTwin("retrieveModel has no streaming twin",
        () -> operation.callStreamingAsync(client, arguments, options));
    assertNoTwin("retrieveModel has no text twin", () -> operation.callText(client, arguments, "text/csv", options));
    assertNoTwin("retrieveModel has no text twin",
        () -> operation.callTextAsync(client, arguments, "text/csv", options));
    assertNoTwin("retrieveModel has no auto-paging twin",
        () -> operation.callPaging(client, arguments, options, false));
    assertNoTwin("retrieveModel has no auto-paging twin",
        () -> operation.callPaging(client, arguments, options, true));
  }

  @Test
  void theStreamingTwinIsCalledInBothForms() {
    EventStream<ServerSentEvent> events = new EventStream<>(new EventParser(InputStream.nullInputStream(), 1024),
        event -> event, null);
    CompletableFuture<EventStream<ServerSentEvent>> eventsLater = CompletableFuture.completedFuture(events);
    Operation<Client> base = retrieve();
    Operation<Client> operation = base.withStreaming(
        (c, arguments, o) -> {
          passed.set(arguments);
          return events;
        },
        (c, arguments, o) -> eventsLater);
    assertSame(base, operation);
    assertTrue(operation.streams());
    assertFalse(operation.pages());
    Object[] arguments = {"m-1", 1};
    assertSame(events, operation.callStreaming(client, arguments, options));
    assertSame(arguments, passed.get());
    assertSame(eventsLater, operation.callStreamingAsync(client, arguments, options));
    assertThrows(IllegalArgumentException.class, () -> operation.callStreaming(client, new Object[] {1, 1}, options));
  }

  @Test
  void theTextTwinOffersItsMediaTypesInOrderAndAsksForTheOneGiven() {
    Operation<Client> base = retrieve();
    AtomicReference<String> asked = new AtomicReference<>();
    Operation<Client> operation = base.withText("text/csv, text/plain",
        (c, arguments, mediaType, o) -> {
          asked.set(mediaType);
          return "id,name";
        },
        (c, arguments, mediaType, o) -> CompletableFuture.completedFuture("later " + mediaType));
    assertSame(base, operation);
    assertEquals(List.of("text/csv", "text/plain"), operation.textMediaTypes());
    assertFalse(operation.streams());
    Object[] arguments = {"m-1", 1};
    assertEquals("id,name", operation.callText(client, arguments, "text/plain", options));
    assertEquals("text/plain", asked.get());
    assertEquals("later text/csv", operation.callTextAsync(client, arguments, "text/csv", options).join());
    assertThrows(IllegalArgumentException.class,
        () -> operation.callTextAsync(client, new Object[] {"m-1"}, "text/csv", options));
  }

  @Test
  void thePagingTwinIsTheBlockingOrTheAsynchronousServicesAsAsked() {
    AutoPager<String> blocking = new AutoPager<>(0, null, offset -> {
      throw new AssertionError("no page is fetched");
    });
    AutoPager<String> async = new AutoPager<>(0, 10, offset -> {
      throw new AssertionError("no page is fetched");
    });
    Operation<Client> base = retrieve();
    Operation<Client> operation = base.withPaging((c, arguments, o) -> blocking, (c, arguments, o) -> async);
    assertSame(base, operation);
    assertTrue(operation.pages());
    Object[] arguments = {"m-1", 1};
    assertSame(blocking, operation.callPaging(client, arguments, options, false));
    assertSame(async, operation.callPaging(client, arguments, options, true));
    assertThrows(IllegalArgumentException.class, () -> operation.callPaging(client, new Object[0], options, true));
  }

  private static void assertNoTwin(String message, Executable call) {
    assertEquals(message, assertThrows(IllegalStateException.class, call).getMessage());
  }
}
