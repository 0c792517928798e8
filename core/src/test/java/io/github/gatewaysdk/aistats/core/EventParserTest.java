package io.github.gatewaysdk.aistats.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The event-stream format as WHATWG HTML defines it, case by case. */
class EventParserTest {
  private static List<ServerSentEvent> parse(String stream) throws IOException {
    return parse(stream, 1024);
  }

  private static List<ServerSentEvent> parse(String stream, long maxEventBytes) throws IOException {
    return parse(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), maxEventBytes);
  }

  private static List<ServerSentEvent> parse(InputStream in, long maxEventBytes) throws IOException {
    EventParser parser = new EventParser(in, maxEventBytes);
    List<ServerSentEvent> events = new ArrayList<>();
    for (ServerSentEvent event; (event = parser.next()) != null; ) {
      events.add(event);
    }
    return events;
  }

  private static ServerSentEvent message(String data) {
    return new ServerSentEvent("message", data, null, -1);
  }

  static Stream<Arguments> streams() {
    return Stream.of(
        Arguments.of("one event", "data: hi\n\n", List.of(message("hi"))),
        Arguments.of("lines ended by CRLF and by CR", "data: a\r\n\r\ndata: b\r\rdata: c\n\n",
            List.of(message("a"), message("b"), message("c"))),
        Arguments.of("data lines joined by a line feed", "data: one\ndata:two\ndata:  three\n\n",
            List.of(message("one\ntwo\n three"))),
        Arguments.of("comments and unknown fields ignored", ": keep-alive\nfoo: bar\ndata: x\n\n",
            List.of(message("x"))),
        Arguments.of("an event type, reset after each event", "event: delta\ndata: 1\n\ndata: 2\n\n",
            List.of(new ServerSentEvent("delta", "1", null, -1), message("2"))),
        Arguments.of("the last id kept, retry in digits only", "id: 7\nretry: 1500\ndata: a\n\nretry: soon\ndata: b\n\n",
            List.of(new ServerSentEvent("message", "a", "7", 1500), new ServerSentEvent("message", "b", "7", 1500))),
        Arguments.of("an id with NUL ignored", "id: 1\ndata: a\n\nid: 2\0\ndata: b\n\n",
            List.of(new ServerSentEvent("message", "a", "1", -1), new ServerSentEvent("message", "b", "1", -1))),
        Arguments.of("a field without colon has an empty value", "data\n\n", List.of(message(""))),
        Arguments.of("a colon ending the line, after a longer line", "data: a\n\ndata:\n\n",
            List.of(message("a"), message(""))),
        Arguments.of("retry with every digit", "retry: 9876543210\ndata: a\n\n",
            List.of(new ServerSentEvent("message", "a", null, 9876543210L))),
        Arguments.of("no data, no event", "event: ping\n\n", List.of()),
        Arguments.of("a byte order mark at the start dropped", "\uFEFFdata: a\n\n", List.of(message("a"))),
        Arguments.of("an event not ended by a blank line dropped", "data: a\n\ndata: b\n", List.of(message("a"))),
        Arguments.of("a last line without its end dropped", "data: a\n\ndata: b", List.of(message("a"))),
        Arguments.of("UTF-8 data", "data: héllo ✓\n\n", List.of(message("héllo ✓"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streams")
  void readsEventsAsTheFormatDefines(String name, String stream, List<ServerSentEvent> expected) throws IOException {
    assertEquals(expected, parse(stream));
  }

  /** A stream whose reads give at most {@code size} bytes each, as a socket may. */
  private static InputStream inReadsOf(int size, byte[] bytes) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, size));
      }
    };
  }

  /** Each case above, read 1, 2, 3 and 5 bytes at a time: every line end and character split across reads. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("streams")
  void readsTheSameEventsWhateverTheSizeOfEachRead(String name, String stream, List<ServerSentEvent> expected)
      throws IOException {
    for (int size : new int[] {1, 2, 3, 5}) {
      assertEquals(expected, parse(inReadsOf(size, stream.getBytes(StandardCharsets.UTF_8)), 1024), "reads of " + size);
    }
  }

  @Test
  void aCrlfSplitBetweenTwoReadsIsOneLineEnd() throws IOException {
    InputStream in = new SequenceInputStream(new ByteArrayInputStream("data: a\r".getBytes(StandardCharsets.UTF_8)),
        new ByteArrayInputStream("\ndata: b\r\n\r\n".getBytes(StandardCharsets.UTF_8)));
    assertEquals(List.of(message("a\nb")), parse(in, 1024));
  }

  @Test
  void aCrEndingABlockAndAnLfStartingTheNextAreOneLineEnd() throws IOException {
    String first = "data: " + "x".repeat(EventParser.BLOCK - "data: ".length() - 1) + "\r";
    assertEquals(EventParser.BLOCK, first.length());
    assertEquals(List.of(message(first.substring(6, first.length() - 1) + "\nb")), parse(first + "\ndata: b\n\n",
        EventParser.BLOCK * 2));
  }

  @Test
  void aLineLongerThanABlockKeepsEveryCharacter() throws IOException {
    // Three-byte characters after an odd prefix: some fall across the blocks' ends.
    String data = "y" + "✓".repeat(EventParser.BLOCK);
    assertEquals(List.of(message(data), message("after")),
        parse("data: " + data + "\n\ndata: after\n\n", EventParser.BLOCK * 4));
  }

  @Test
  void theBoundCountsEveryLineOfAnEvent() throws IOException {
    String line = "data: " + "x".repeat(400) + "\n";
    assertEquals(3, parse(line + "\n" + line + "\n" + line + "\n").size(), "three events of 406 bytes each");
    assertThrows(EventParser.TooLarge.class, () -> parse(line + line + line + "\n"));
  }

  @Test
  void aLineThatNeverEndsStopsAtTheBoundNotAtTheHeap() {
    long bound = 3L * EventParser.BLOCK + 1;
    long[] given = new long[1];
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        throw new UnsupportedOperationException("read in blocks");
      }

      @Override
      public int read(byte[] b, int off, int len) {
        java.util.Arrays.fill(b, off, off + len, (byte) 'x');
        given[0] += len;
        return len;
      }
    };
    assertThrows(EventParser.TooLarge.class, () -> parse(endless, bound));
    assertTrue(given[0] <= bound + EventParser.BLOCK, "read " + given[0] + " bytes for a bound of " + bound);
  }

  @Test
  void anEventOfExactlyItsBoundIsRead() throws IOException {
    assertEquals(List.of(message("xx")), parse("data: xx\n\n", "data: xx".length()));
  }

  @Test
  void aByteOrderMarkAloneOnTheFirstLineIsABlankLineThatCountsNothing() throws IOException {
    assertEquals(List.of(message("xx")), parse("\uFEFF\ndata: xx\n\n", "data: xx".length()));
  }

  @Test
  void aRetryOfSeventeenDigitsIsKeptOneOfEighteenIgnored() throws IOException {
    String seventeen = "12345678901234567";
    assertEquals(List.of(new ServerSentEvent("message", "a", null, 12345678901234567L),
            new ServerSentEvent("message", "b", null, 12345678901234567L)),
        parse("retry: " + seventeen + "\ndata: a\n\nretry: " + seventeen + "8\ndata: b\n\n"));
  }

  /** A stream that breaks the contract of {@code read} now and then by giving no bytes, as some wrappers do. */
  @Test
  void aReadThatGivesNoBytesIsNotTheEnd() throws IOException {
    byte[] bytes = "data: a\n\ndata: b\n\n".getBytes(StandardCharsets.UTF_8);
    InputStream stuttering = new ByteArrayInputStream(bytes) {
      private boolean empty;

      @Override
      public synchronized int read(byte[] b, int off, int len) {
        empty = !empty;
        return empty ? 0 : super.read(b, off, Math.min(len, 4));
      }
    };
    assertEquals(List.of(message("a"), message("b")), parse(stuttering, 1024));
  }

  @Test
  void anEventPastItsBoundFailsInsteadOfFillingTheHeap() {
    String big = "data: " + "x".repeat(2000) + "\n\n";
    EventParser.TooLarge e = assertThrows(EventParser.TooLarge.class, () -> parse(big));
    assertEquals("an event is larger than 1024 bytes", e.getMessage());
  }
}
