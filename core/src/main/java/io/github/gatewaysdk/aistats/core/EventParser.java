package io.github.gatewaysdk.aistats.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads {@code text/event-stream} events as they arrive (WHATWG HTML, server-sent events): lines ended by CRLF, LF or
 * CR; {@code data:} lines joined by a line feed; {@code event:}, {@code id:} and {@code retry:} fields; comments
 * ({@code :}) and unknown fields ignored; an event dispatched at a blank line, an incomplete one at the end of the
 * stream dropped. Each event is bounded: one larger than {@code maxEventBytes} fails rather than filling the heap.
 *
 * <p>The stream is read in blocks and each line found in its block; only a line that spans blocks is gathered into a
 * buffer of its own. Fields are told apart on the bytes and only the values kept are decoded.
 */
final class EventParser {
  /** An event past its bound. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long maxBytes) {
      super("an event is larger than " + maxBytes + " bytes");
    }
  }

  /** The bytes read at once: as {@code BufferedInputStream}'s default buffer. */
  static final int BLOCK = 8192;
  private static final byte[] DATA = ascii("data");
  private static final byte[] EVENT = ascii("event");
  private static final byte[] ID = ascii("id");
  private static final byte[] RETRY = ascii("retry");

  private final InputStream in;
  private final long maxEventBytes;
  private final byte[] block = new byte[BLOCK];
  private int position;
  private int limit;
  /** A line that spans blocks, gathered until its end. */
  private byte[] spanning = new byte[0];
  private int spanningLength;
  /** The current line: {@code line[lineStart, lineEnd)}, in the block or in {@code spanning}. */
  private byte[] line;
  private int lineStart;
  private int lineEnd;
  /** The event's first data line; with more than one, all of them are joined in {@code joined}. */
  private String data;
  private final StringBuilder joined = new StringBuilder();
  private String type;
  private String lastId;
  private long retryMillis = -1;
  private long eventBytes;
  private boolean first = true;
  /** A CR was the last line end: an LF right after it, in this block or the next, belongs to it. */
  private boolean afterCr;

  EventParser(InputStream in, long maxEventBytes) {
    this.in = in;
    this.maxEventBytes = maxEventBytes;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** @return the next event, or null at the end of the stream */
  ServerSentEvent next() throws IOException {
    while (nextLine()) {
      if (lineStart == lineEnd) {
        ServerSentEvent event = dispatch();
        if (event != null) {
          return event;
        }
        continue;
      }
      if (line[lineStart] == ':') {
        continue;
      }
      int colon = lineStart;
      while (colon < lineEnd && line[colon] != ':') {
        colon++;
      }
      int value = colon == lineEnd ? lineEnd : colon + 1 < lineEnd && line[colon + 1] == ' ' ? colon + 2 : colon + 1;
      if (is(DATA, colon)) {
        addData(decode(value));
      } else if (is(EVENT, colon)) {
        type = decode(value);
      } else if (is(ID, colon)) {
        if (indexOf((byte) 0, value) < 0) {
          lastId = decode(value);
        }
      } else if (is(RETRY, colon)) {
        retry(value);
      }
    }
    return null;
  }

  /** @return whether the current line's field, up to {@code fieldEnd}, is {@code name} */
  private boolean is(byte[] name, int fieldEnd) {
    if (fieldEnd - lineStart != name.length) {
      return false;
    }
    for (int i = 0; i < name.length; i++) {
      if (line[lineStart + i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  private int indexOf(byte b, int from) {
    for (int i = from; i < lineEnd; i++) {
      if (line[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private String decode(int from) {
    return new String(line, from, lineEnd - from, StandardCharsets.UTF_8);
  }

  private void addData(String value) {
    if (data == null) {
      data = value;
      return;
    }
    if (joined.length() == 0) {
      joined.append(data);
    }
    joined.append('\n').append(value);
  }

  /** A reconnection time: ASCII digits only, else ignored. */
  private void retry(int from) {
    if (from == lineEnd || lineEnd - from >= 18) {
      return;
    }
    long millis = 0;
    for (int i = from; i < lineEnd; i++) {
      if (line[i] < '0' || line[i] > '9') {
        return;
      }
      millis = millis * 10 + (line[i] - '0');
    }
    retryMillis = millis;
  }

  private ServerSentEvent dispatch() {
    String eventType = type == null || type.isEmpty() ? "message" : type;
    type = null;
    eventBytes = 0;
    if (data == null) {
      return null;
    }
    String payload = joined.length() == 0 ? data : joined.toString();
    data = null;
    joined.setLength(0);
    return new ServerSentEvent(eventType, payload, lastId, retryMillis);
  }

  /**
   * Finds the next line, without its end, as {@code line[lineStart, lineEnd)}: in the block, or gathered in
   * {@code spanning} when it spans blocks.
   *
   * @return false at the end of the stream (a last line without an end is kept)
   */
  private boolean nextLine() throws IOException {
    spanningLength = 0;
    while (true) {
      if (position == limit && !fill()) {
        return spanningLength > 0 && found(spanning, 0, spanningLength);
      }
      if (afterCr) {
        afterCr = false;
        if (block[position] == '\n') {
          position++;
          continue;
        }
      }
      int start = position;
      int end = start;
      while (end < limit && block[end] != '\n' && block[end] != '\r') {
        end++;
      }
      count(end - start);
      if (end == limit) {
        gather(start, end);
        position = limit;
        continue;
      }
      afterCr = block[end] == '\r';
      position = end + 1;
      if (spanningLength == 0) {
        return found(block, start, end);
      }
      gather(start, end);
      return found(spanning, 0, spanningLength);
    }
  }

  /** @return false at the end of the stream */
  private boolean fill() throws IOException {
    int n = in.read(block, 0, BLOCK);
    if (n < 0) {
      return false;
    }
    position = 0;
    limit = n;
    return true;
  }

  /** Counts a line's bytes against the event's bound, before any is kept. */
  private void count(int bytes) throws TooLarge {
    eventBytes += bytes;
    if (eventBytes > maxEventBytes) {
      throw new TooLarge(maxEventBytes);
    }
  }

  /** Adds {@code block[start, end)} to the line that spans blocks: at most the event's bound, already counted. */
  private void gather(int start, int end) {
    int length = end - start;
    if (spanningLength + length > spanning.length) {
      int larger = (int) Math.min(maxEventBytes, Math.max(2L * spanning.length, BLOCK));
      spanning = Arrays.copyOf(spanning, Math.max(larger, spanningLength + length));
    }
    System.arraycopy(block, start, spanning, spanningLength, length);
    spanningLength += length;
  }

  /** Sets the current line; the first one loses a byte order mark. @return true */
  private boolean found(byte[] bytes, int start, int end) {
    line = bytes;
    lineStart = start;
    lineEnd = end;
    if (first) {
      first = false;
      if (end - start >= 3 && bytes[start] == (byte) 0xEF && bytes[start + 1] == (byte) 0xBB
          && bytes[start + 2] == (byte) 0xBF) {
        lineStart += 3;
      }
    }
    return true;
  }
}
