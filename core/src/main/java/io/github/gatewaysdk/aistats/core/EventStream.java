package io.github.gatewaysdk.aistats.core;

import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The events of a {@code text/event-stream} answer, read as they arrive: iterate over them (each {@code next()} waits
 * for the next event), or {@link #subscribe} to have them handed to a consumer. The stream ends at the server's end
 * or at a {@code [DONE]} event (not handed on; the answer's end that follows it is awaited briefly, so that the
 * connection is kept); close it to stop early, which drops the connection. The call goes on until then: its
 * deadline, the response timeout between events, a cancel and the client's close still end it, and a stream that
 * breaks fails with the call's typed exception naming how many events had arrived. Nothing is retried once the answer
 * has begun.
 *
 * <pre>{@code
 * try (EventStream<ServerSentEvent> events = client.messages().createMessageStreaming(request)) {
 *   for (ServerSentEvent event : events) {
 *     System.out.print(event.data());
 *   }
 * }
 * }</pre>
 *
 * <p>One reader at a time; an event is at most 64 MiB.
 *
 * @param <T> an event: {@link ServerSentEvent} as sent, or the model its JSON data is read into
 */
public final class EventStream<T> implements AutoCloseable, Iterable<T> {
  /** Reads an event into what the stream hands on. */
  interface Decoder<T> {
    T decode(ServerSentEvent event) throws IOException;
  }

  private static final String DONE = "[DONE]";

  private final EventParser parser;
  private final Decoder<T> decoder;
  private final Handover handover;
  private final AtomicBoolean iterated = new AtomicBoolean();
  private final AtomicBoolean released = new AtomicBoolean();
  // The reader's alone (one at a time); events is read by others too.
  private volatile long events;
  private T next;
  private boolean ended;

  EventStream(EventParser parser, Decoder<T> decoder, Handover handover) {
    this.parser = parser;
    this.decoder = decoder;
    this.handover = handover;
  }

  /**
   * @return the events, once: a stream is read one time
   * @throws IllegalStateException when iterated or subscribed to before
   */
  @Override
  public Iterator<T> iterator() {
    if (!iterated.compareAndSet(false, true)) {
      throw new IllegalStateException("the events are read once: this stream was iterated before");
    }
    return new Iterator<T>() {
      @Override
      public boolean hasNext() {
        return advance();
      }

      @Override
      public T next() {
        if (!advance()) {
          throw new NoSuchElementException("the stream ended after " + events + " events");
        }
        T event = EventStream.this.next;
        EventStream.this.next = null;
        return event;
      }
    };
  }

  /**
   * Hands each event to {@code onEvent} as it arrives, on the call's executor (an asynchronous call's; a blocking
   * call's on this thread, before this returns), one at a time. The reading holds one thread of the executor while
   * the stream is open.
   *
   * @param onEvent takes each event; what it throws ends the stream and fails the future
   * @return completed at the stream's end, or exceptionally with the call's typed exception; cancelling it closes
   *     the stream
   */
  public CompletableFuture<Void> subscribe(Consumer<? super T> onEvent) {
    Objects.requireNonNull(onEvent, "onEvent");
    Iterator<T> events = iterator();
    CompletableFuture<Void> end = new CompletableFuture<Void>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        close();
        return super.cancel(mayInterruptIfRunning);
      }
    };
    handover.executor().execute(() -> {
      try {
        while (!end.isDone() && events.hasNext()) {
          onEvent.accept(events.next());
        }
        end.complete(null);
      } catch (RuntimeException | Error e) {
        close();
        end.completeExceptionally(e);
      }
    });
    return end;
  }

  /** @return how many events were handed on so far */
  public long eventCount() {
    return events;
  }

  /** Stops reading: the connection is dropped unless the stream had ended. Idempotent. */
  @Override
  public void close() {
    release(false);
  }

  private boolean advance() {
    if (next != null) {
      return true;
    }
    if (ended || released.get()) {
      return false;
    }
    ServerSentEvent event;
    try {
      event = parser.next();
    } catch (EventParser.TooLarge e) {
      release(false);
      throw handover.malformed(e.getMessage() + " (after " + events + " events)", e);
    } catch (IOException e) {
      if (!release(false)) {
        ended = true; // closed by the caller meanwhile: the stream just ends
        return false;
      }
      throw handover.failed(e, " after " + events + (events == 1 ? " event" : " events"));
    }
    if (event == null || DONE.equals(event.data())) {
      ended = true;
      release(true);
      return false;
    }
    try {
      next = decoder.decode(event);
    } catch (IOException | RuntimeException e) {
      release(false);
      throw handover.malformed("event " + (events + 1) + " could not be read: " + e.getMessage(), e);
    }
    events = events + 1;
    return true;
  }

  /**
   * @param atEnd whether the stream ended (the answer's rest is then skipped, briefly, to keep the connection)
   * @return whether this released the stream (else it was released before)
   */
  private boolean release(boolean atEnd) {
    if (!released.compareAndSet(false, true)) {
      return false;
    }
    handover.release(atEnd);
    return true;
  }

  @Override
  public String toString() {
    return "EventStream{events=" + events + (ended ? ", ended" : "") + "}";
  }
}
