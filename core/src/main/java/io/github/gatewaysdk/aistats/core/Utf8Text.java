package io.github.gatewaysdk.aistats.core;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A long text sent as UTF-8 a chunk at a time, through buffers of a fixed size: a multi-megabyte data URL goes to the
 * socket without a copy of its bytes. The bytes are those of {@code String.getBytes(UTF_8)}, an unpaired surrogate
 * included (sent as {@code ?}).
 */
final class Utf8Text {
  /** Chars encoded per chunk; a chunk's bytes are at most three per char. */
  static final int CHUNK_CHARS = 8192;

  private final String text;
  private final long length;

  Utf8Text(String text) {
    this.text = text;
    this.length = utf8Length(text);
  }

  /** @return the number of bytes the text takes in UTF-8 */
  long length() {
    return length;
  }

  void writeTo(OutputStream out) throws IOException {
    Encoding encoding = new Encoding();
    for (ByteBuffer chunk = encoding.next(); chunk != null; chunk = encoding.next()) {
      out.write(chunk.array(), chunk.position(), chunk.remaining());
    }
  }

  /** @return a pass over the text, from its start */
  Encoding encoding() {
    return new Encoding();
  }

  static long utf8Length(String text) {
    long bytes = 0;
    int size = text.length();
    for (int i = 0; i < size; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < size && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        bytes++; // unpaired: '?'
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** One pass over the text: each {@link #next} gives the following chunk's bytes, in the same buffer. */
  final class Encoding {
    private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final char[] chars = new char[CHUNK_CHARS];
    private final ByteBuffer bytes = ByteBuffer.allocate(CHUNK_CHARS * 3);
    private int position;

    /** @return the next chunk's bytes (valid until the next call), or null after the last */
    ByteBuffer next() {
      int size = text.length();
      if (position >= size) {
        return null;
      }
      int end = Math.min(size, position + CHUNK_CHARS);
      if (end < size && end - position > 1 && Character.isHighSurrogate(text.charAt(end - 1))) {
        end--; // a surrogate pair is encoded in one chunk
      }
      text.getChars(position, end, chars, 0);
      bytes.clear();
      encoder.reset();
      encoder.encode(CharBuffer.wrap(chars, 0, end - position), bytes, true);
      encoder.flush(bytes);
      bytes.flip();
      position = end;
      return bytes;
    }
  }
}
