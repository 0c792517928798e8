package io.github.gatewaysdk.aistats.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The generated client's multipart body, against HttpClient's MultipartEntityBuilder as the reference. */
class MultipartFormTest {
  private static final ContentType TEXT = ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8);

  @TempDir
  static Path dir;

  /** One form, added the same way to both builders. */
  interface Form {
    void addTo(MultipartForm.Builder ours, MultipartEntityBuilder reference) throws IOException;
  }

  static Stream<Arguments> forms() {
    return Stream.of(
        Arguments.of("no parts", (Form) (ours, reference) -> { }),
        Arguments.of("text parts", (Form) (ours, reference) -> {
          for (String[] field : new String[][] {{"model", "gpt-image-1"}, {"prompt", "Füge einen Hut hinzu, 帽子"},
              {"size", ""}, {"image", "data:image/png;base64,iVBORw0KGgo="}}) {
            ours.addTextBody(field[0], field[1]);
            reference.addTextBody(field[0], field[1], TEXT);
          }
        }),
        Arguments.of("a JSON part", (Form) (ours, reference) -> {
          byte[] json = "{\"order\":[\"openai\"]}".getBytes(StandardCharsets.UTF_8);
          ours.addJsonBody("provider", json);
          reference.addBinaryBody("provider", json, ContentType.APPLICATION_JSON, null);
        }),
        Arguments.of("bytes and a named upload", (Form) (ours, reference) -> {
          byte[] bytes = {0, 1, 2, (byte) 0xff, '\r', '\n', '-', '-'};
          ours.addBinaryBody("raw", bytes);
          reference.addBinaryBody("raw", bytes);
        }),
        Arguments.of("a file", (Form) (ours, reference) -> {
          File file = Files.write(dir.resolve("mask.png"), new byte[] {9, 8, 7, 6, 5}).toFile();
          ours.addFile("mask", FilePart.of(file.toPath()));
          reference.addBinaryBody("mask", file);
          ours.addTextBody("n", "2");
          reference.addTextBody("n", "2", TEXT);
        }),
        Arguments.of("a text long enough to be encoded as it is written", (Form) (ours, reference) -> {
          String text = longText();
          ours.addTextBody("image", text);
          reference.addTextBody("image", text, TEXT);
          ours.addTextBody("n", "2");
          reference.addTextBody("n", "2", TEXT);
        }),
        Arguments.of("a name longer than a header's usual size", (Form) (ours, reference) -> {
          String name = "field_".repeat(40);
          ours.addTextBody(name, "v");
          reference.addTextBody(name, "v", TEXT);
        }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forms")
  void writesWhatMultipartEntityBuilderWrites(String name, Form form) throws IOException {
    MultipartForm.Builder builder = MultipartForm.create();
    MultipartEntityBuilder reference = MultipartEntityBuilder.create();
    form.addTo(builder, reference);
    MultipartForm ours = builder.build();
    String boundary = ours.getContentType().substring(ours.getContentType().indexOf("boundary=") + 9);
    HttpEntity expected = reference.setBoundary(boundary)
        .setContentType(ContentType.create(ContentType.MULTIPART_FORM_DATA.getMimeType()))
        .build();

    assertEquals(expected.getContentType(), ours.getContentType());
    byte[] written = written(ours);
    assertEquals(new String(written(expected), StandardCharsets.UTF_8), new String(written, StandardCharsets.UTF_8));
    assertArrayEquals(written(expected), written);
    assertEquals(expected.getContentLength(), ours.getContentLength());
    assertEquals(written.length, ours.getContentLength());
    assertArrayEquals(written, written(ours), "a retry sends the same body");
    try (InputStream content = ours.getContent()) {
      assertArrayEquals(written, readAll(content));
    }
  }

  @Test
  void quotesAndLineBreaksInNamesCannotEndTheHeader() throws IOException {
    File file = Files.write(dir.resolve("x\r\nContent-Type: text\\html\".png"), new byte[] {1}).toFile();
    MultipartForm form = MultipartForm.create().addFile("a\"b", FilePart.of(file.toPath())).build();
    String body = new String(written(form), StandardCharsets.ISO_8859_1);
    assertTrue(body.contains("Content-Disposition: form-data; name=\"a%22b\"; "
        + "filename=\"x%0D%0AContent-Type: text\\html%22.png\"\r\n"), body);
  }

  @Test
  void eachFormHasItsOwnRandomBoundary() {
    String first = MultipartForm.create().build().getContentType();
    String second = MultipartForm.create().build().getContentType();
    assertTrue(first.matches("multipart/form-data; boundary=[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), first);
    assertNotEquals(first, second);
  }

  @Test
  void theBuildersCallsChainAndKeepTheirOrder() throws IOException {
    MultipartForm form = MultipartForm.create()
        .addTextBody("text", "a")
        .addJsonBody("json", "{}".getBytes(StandardCharsets.UTF_8))
        .addBinaryBody("bytes", new byte[] {1})
        .build();
    String body = new String(written(form), StandardCharsets.ISO_8859_1);
    int text = body.indexOf("name=\"text\"");
    int json = body.indexOf("name=\"json\"");
    int bytes = body.indexOf("name=\"bytes\"");
    assertTrue(0 < text && text < json && json < bytes, body);
  }

  @Test
  void aFormIsNotAStreamOfItsOwn() {
    assertFalse(MultipartForm.create().addTextBody("n", "1").build().isStreaming());
  }

  /** A form of every kind of part that the non-blocking client sends without a writer thread. */
  private static MultipartForm replayableForm() throws IOException {
    byte[] large = new byte[40_000];
    for (int i = 0; i < large.length; i++) {
      large[i] = (byte) (i % 253);
    }
    Path file = Files.write(dir.resolve("large.bin"), large);
    return MultipartForm.create()
        .addTextBody("prompt", "Füge einen Hut hinzu")
        .addTextBody("image", longText())
        .addFile("image", FilePart.of(file, "image/png"))
        .addFile("mask", FilePart.of(new byte[] {9, 8, 7}, "mask.png", "image/png"))
        .addFile("empty", FilePart.of(Files.write(dir.resolve("empty.bin"), new byte[0])))
        .build();
  }

  private static AsyncEntityProducer producerOf(MultipartForm form) {
    return form.producer(() -> false, task -> {
      throw new AssertionError("a form of files and bytes needs no writer thread");
    });
  }

  @Test
  void theNonBlockingClientSendsTheSameBytesAsASocketTakesThem() throws IOException {
    MultipartForm form = replayableForm();
    AsyncEntityProducer producer = producerOf(form);
    assertEquals(form.getContentType(), producer.getContentType());
    assertEquals(form.getContentLength(), producer.getContentLength());
    assertFalse(producer.isChunked());
    assertNull(producer.getContentEncoding());
    assertTrue(producer.getTrailerNames().isEmpty());
    for (int room : new int[] {Integer.MAX_VALUE, 1000, 7}) {
      RecordingChannel channel = new RecordingChannel(room);
      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> channel.sendAll(producer), "a socket of " + room);
      assertArrayEquals(written(form), channel.received(), "a socket of " + room);
      producer.releaseResources();
    }
  }

  @Test
  void aFailedExchangeSendsTheWholeBodyAgainWhenRetried() throws IOException {
    MultipartForm form = replayableForm();
    AsyncEntityProducer producer = producerOf(form);
    assertTrue(producer.isRepeatable());
    RecordingChannel failed = new RecordingChannel(20_000);
    failed.turn(producer);
    failed.turn(producer);
    producer.failed(new IOException("Connection reset"));
    RecordingChannel retry = new RecordingChannel(Integer.MAX_VALUE);
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> retry.sendAll(producer));
    assertArrayEquals(written(form), retry.received());
  }

  /**
   * Past the streamed-text threshold: a data URL's ASCII, then text of two, three and four bytes a char, a surrogate
   * pair across a chunk's end, and unpaired surrogates.
   */
  private static String longText() {
    StringBuilder text = new StringBuilder("data:image/png;base64,");
    while (text.length() < Utf8Text.CHUNK_CHARS - 1) {
      text.append('A');
    }
    text.append("\uD83C\uDFA9"); // the pair's halves on either side of the first chunk's end
    while (text.length() < MultipartForm.Builder.STREAMED_TEXT) {
      text.append("Hüt 帽子 \uD83C\uDFA9 ");
    }
    return text.append("\uDFA9 lone \uD83C").toString();
  }

  private static byte[] written(HttpEntity entity) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    entity.writeTo(out);
    return out.toByteArray();
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    for (int n; (n = in.read(buffer)) > 0; ) {
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
