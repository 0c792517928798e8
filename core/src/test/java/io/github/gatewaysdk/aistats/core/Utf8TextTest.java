package io.github.gatewaysdk.aistats.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A long text sent a chunk at a time: the bytes and the length of {@code String.getBytes(UTF_8)}, whatever the text. */
class Utf8TextTest {
  /** Chars of every UTF-8 length, and both halves of a surrogate pair, alone. */
  private static final char[] ALPHABET = {'a', '=', 'ü', 'ß', '帽', '€', '\uD83C', '\uDFA9'};

  /** Texts drawn from the alphabet, seeded, of lengths around the chunk's: pairs and lone halves fall on its ends. */
  static Stream<String> texts() {
    return IntStream.range(0, 40).mapToObj(seed -> {
      Random random = new Random(seed);
      int length = seed < 3 ? seed : Utf8Text.CHUNK_CHARS * (1 + seed % 3) + random.nextInt(5) - 2;
      StringBuilder text = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        text.append(random.nextInt(4) == 0 ? ALPHABET[random.nextInt(ALPHABET.length)] : 'x');
      }
      return text.toString();
    });
  }

  @ParameterizedTest
  @MethodSource("texts")
  void writesTheBytesOfGetBytes(String text) throws IOException {
    byte[] expected = text.getBytes(StandardCharsets.UTF_8);
    Utf8Text utf8 = new Utf8Text(text);
    assertEquals(expected.length, utf8.length());
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    utf8.writeTo(written);
    assertArrayEquals(expected, written.toByteArray());
  }

  @ParameterizedTest
  @MethodSource("texts")
  void aPassGivesTheSameBytesChunkByChunkAndEnds(String text) {
    Utf8Text.Encoding pass = new Utf8Text(text).encoding();
    ByteArrayOutputStream chunks = new ByteArrayOutputStream();
    for (ByteBuffer chunk = pass.next(); chunk != null; chunk = pass.next()) {
      chunks.write(chunk.array(), chunk.position(), chunk.remaining());
    }
    assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), chunks.toByteArray());
    assertNull(pass.next(), "a pass ends once");
  }
}
