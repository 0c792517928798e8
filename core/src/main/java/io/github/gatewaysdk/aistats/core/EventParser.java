package io.github.gatewaysdk.aistats.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads {@code text/event-stream} events as they arrive (WHATWG HTML, server-sent events): lines ended by CRLF, LF or
 * CR; {@code data:} lines joined by a line feed; {@code event:}, {@code id:} and {@code retry:} fields; comments
 * ({@code :}) and unknown fields ignored; an event dispatched at a blank line, an incomplete one at the end of the
 * stream dropped. Each event is bounded: one larger than {@code maxEventBytes} fails rather than filling the heap.
 */
final class EventParser {
  /** An event past its bound. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long maxBytes) {
      super("an event is larger than " + maxBytes + " bytes");
    }
  }

  private final InputStream in;
  private final long maxEventBytes;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private final StringBuilder data = new StringBuilder();
  private String type;
  private String lastId;
  private long retryMillis = -1;
  private long eventBytes;
  private boolean hasData;
  private boolean first = true;
  /** A CR was the last line end: an LF right after it belongs to it. */
  private boolean afterCr;

  EventParser(InputStream in, long maxEventBytes) {
    this.in = in;
    this.maxEventBytes = maxEventBytes;
  }

  /** @return the next event, or null at the end of the stream */
  ServerSentEvent next() throws IOException {
    while (true) {
      String text = readLine();
      if (text == null) {
        return null;
      }
      if (text.isEmpty()) {
        ServerSentEvent event = dispatch();
        if (event != null) {
          return event;
        }
        continue;
      }
      if (text.charAt(0) == ':') {
        continue;
      }
      int colon = text.indexOf(':');
      String field = colon < 0 ? text : text.substring(0, colon);
      String value = colon < 0 ? "" : text.substring(colon + (colon + 1 < text.length()
          && text.charAt(colon + 1) == ' ' ? 2 : 1));
      switch (field) {
        case "data":
          data.append(value).append('\n');
          hasData = true;
          break;
        case "event":
          type = value;
          break;
        case "id":
          if (value.indexOf('\0') < 0) {
            lastId = value;
          }
          break;
        case "retry":
          if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9') && value.length() < 18) {
            retryMillis = Long.parseLong(value);
          }
          break;
        default:
          break;
      }
    }
  }

  private ServerSentEvent dispatch() {
    String eventType = type == null || type.isEmpty() ? "message" : type;
    type = null;
    eventBytes = 0;
    if (!hasData) {
      data.setLength(0);
      return null;
    }
    hasData = false;
    String payload = data.substring(0, data.length() - 1);
    data.setLength(0);
    return new ServerSentEvent(eventType, payload, lastId, retryMillis);
  }

  /** @return the next line without its end, or null at the end of the stream (a last line without an end is kept) */
  private String readLine() throws IOException {
    line.reset();
    while (true) {
      int b = in.read();
      if (b == -1) {
        return line.size() == 0 ? null : decode();
      }
      if (b == '\n' && afterCr) {
        afterCr = false;
        continue;
      }
      afterCr = b == '\r';
      if (b == '\n' || b == '\r') {
        return decode();
      }
      if (++eventBytes > maxEventBytes) {
        throw new TooLarge(maxEventBytes);
      }
      line.write(b);
    }
  }

  private String decode() {
    String text = new String(line.toByteArray(), StandardCharsets.UTF_8);
    if (first) {
      first = false;
      if (text.startsWith("\uFEFF")) {
        return text.substring(1);
      }
    }
    return text;
  }
}
