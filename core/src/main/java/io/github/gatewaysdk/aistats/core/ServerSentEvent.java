package io.github.gatewaysdk.aistats.core;

import java.util.Objects;

/**
 * One event of a {@code text/event-stream} answer, as the server sent it: its type ({@code event:}, {@code message}
 * when none), its data ({@code data:} lines joined by a line feed), its id and the reconnection time it asked for.
 * Immutable.
 */
public final class ServerSentEvent {
  private final String event;
  private final String data;
  private final String id;
  private final long retryMillis;

  /**
   * @param event the event's type
   * @param data its data
   * @param id the last event id the stream set, or null
   * @param retryMillis the reconnection time the stream asked for, or -1
   */
  public ServerSentEvent(String event, String data, String id, long retryMillis) {
    this.event = Objects.requireNonNull(event, "event");
    this.data = Objects.requireNonNull(data, "data");
    this.id = id;
    this.retryMillis = retryMillis;
  }

  /** @return the event's type: its {@code event:} field, {@code message} when it has none */
  public String event() {
    return event;
  }

  /** @return the event's data: its {@code data:} lines, joined by a line feed */
  public String data() {
    return data;
  }

  /** @return the last event id the stream set ({@code id:}), or null */
  public String id() {
    return id;
  }

  /** @return the reconnection time the stream asked for ({@code retry:}), in milliseconds, or -1 */
  public long retryMillis() {
    return retryMillis;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof ServerSentEvent)) {
      return false;
    }
    ServerSentEvent that = (ServerSentEvent) other;
    return event.equals(that.event) && data.equals(that.data) && Objects.equals(id, that.id)
        && retryMillis == that.retryMillis;
  }

  @Override
  public int hashCode() {
    return Objects.hash(event, data, id, retryMillis);
  }

  @Override
  public String toString() {
    return "ServerSentEvent{event=" + event + ", data=" + (data.length() > 200 ? data.substring(0, 200) + "..." : data)
        + (id == null ? "" : ", id=" + id) + (retryMillis < 0 ? "" : ", retry=" + retryMillis) + "}";
  }
}
