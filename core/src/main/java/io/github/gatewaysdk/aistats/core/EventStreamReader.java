package io.github.gatewaysdk.aistats.core;

import com.fasterxml.jackson.databind.ObjectReader;
import io.github.gatewaysdk.aistats.core.internal.ApiCore;
import io.github.gatewaysdk.aistats.core.internal.MediaTypes;
import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.http.HttpEntity;

/**
 * A {@code text/event-stream} answer handed on as an {@link EventStream}: each event as sent, or its JSON data read
 * into the contract's model.
 */
final class EventStreamReader implements BodyReader {
  /** Reads each event's JSON data, with the readers kept for JSON answers. */
  private final JsonReader json;

  EventStreamReader(JsonReader json) {
    this.json = json;
  }

  @Override
  public String refusal(ResponseType<?> type, String contentType) {
    return contentType == null || MediaTypes.essence(contentType).equals(MediaTypes.EVENT_STREAM) ? null
        : MediaTypes.EVENT_STREAM;
  }

  @Override
  public boolean handsOn() {
    return true;
  }

  @Override
  public Object read(ResponseType<?> type, HttpEntity entity, Handover handover) throws IOException {
    InputStream body = entity == null ? new ByteArrayInputStream(new byte[0]) : entity.getContent();
    EventParser parser = new EventParser(body, ApiCore.MAX_BINARY_BYTES);
    if (type.jsonType() == null) {
      return new EventStream<>(parser, event -> event, handover);
    }
    ObjectReader reader = json.readerFor(type.jsonType());
    return new EventStream<>(parser, event -> reader.readValue(event.data()), handover);
  }
}
