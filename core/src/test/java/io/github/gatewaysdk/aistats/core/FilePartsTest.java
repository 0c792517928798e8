package io.github.gatewaysdk.aistats.core;

import static io.github.gatewaysdk.aistats.core.TestSupport.assertNoLeasedConnections;
import static io.github.gatewaysdk.aistats.core.TestSupport.clientFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.gatewaysdk.aistats.core.TestSupport.Form;
import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import io.github.gatewaysdk.aistats.errors.AiStatsConnectionException;
import io.github.gatewaysdk.aistats.errors.InternalServerException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Files as parts of a multipart request ({@link FilePart}): from a file, bytes or a stream, one or an array, each
 * with its file name and media type, in both forms; a stream is read once, so its call is never retried.
 */
class FilePartsTest {
  private static final ResponseType<JsonNode> JSON_ANSWER = ResponseType.json(new TypeReference<JsonNode>() {});
  private static final String CONTENT = "{\"custom_id\":\"1\"}\n{\"custom_id\":\"2\"}\n";

  @TempDir
  Path dir;

  private FaultServer server;
  private TestClient client;

  @BeforeEach
  void start() throws IOException {
    server = new FaultServer();
    client = clientFor(server.baseUrl(), Timing.SYSTEM).build();
  }

  @AfterEach
  void stop() {
    assertNoLeasedConnections(client);
    client.close();
    server.close();
  }

  enum Source { PATH, BYTES, STREAM }

  private FilePart file(Source source, String name, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    switch (source) {
      case PATH:
        return FilePart.of(Files.write(dir.resolve(name), bytes), "application/jsonl");
      case BYTES:
        return FilePart.of(bytes, name, "application/jsonl");
      default:
        return FilePart.of(new ByteArrayInputStream(bytes), name, "application/jsonl");
    }
  }

  private static ApiRequest<JsonNode> upload(Object files) {
    return ApiRequest.builder("POST", "/files", JSON_ANSWER).part("file", files).part("purpose", "batch").build();
  }

  private static String part(String name, String filename, String content) {
    return "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\n"
        + "Content-Type: application/jsonl\r\n\r\n" + content + "\r\n";
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"BLOCKING, PATH", "BLOCKING, BYTES", "BLOCKING, STREAM", "ASYNC, PATH", "ASYNC, BYTES", "ASYNC, STREAM"})
  void eachSourceArrivesAsAFilePartWithItsNameAndType(Form form, Source source) throws IOException {
    form.send(client, upload(file(source, "batch.jsonl", CONTENT)), RequestOptions.none());

    FaultServer.Request sent = server.requests().get(0);
    String body = new String(sent.body(), StandardCharsets.UTF_8);
    assertTrue(body.contains(part("file", "batch.jsonl", CONTENT)), body);
    assertTrue(body.contains("name=\"purpose\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nbatch\r\n"), body);
    if (source == Source.STREAM) {
      assertEquals("chunked", sent.header("transfer-encoding"), "a stream's length is known only once sent");
      assertNull(sent.header("content-length"));
    } else {
      assertEquals(String.valueOf(sent.body().length), sent.header("content-length"));
    }
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void anArrayOfFilesIsOnePartPerFileInItsOrder(Form form) throws IOException {
    form.send(client, upload(Arrays.asList(file(Source.PATH, "a.jsonl", "A"), file(Source.BYTES, "b.jsonl", "B"),
        file(Source.STREAM, "c.jsonl", "C"))), RequestOptions.none());

    String body = new String(server.requests().get(0).body(), StandardCharsets.UTF_8);
    int a = body.indexOf(part("file", "a.jsonl", "A"));
    int b = body.indexOf(part("file", "b.jsonl", "B"));
    int c = body.indexOf(part("file", "c.jsonl", "C"));
    assertTrue(a > 0 && b > a && c > b, body);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"BLOCKING, PATH", "BLOCKING, STREAM", "ASYNC, PATH", "ASYNC, STREAM"})
  void onlyAFileThatCanBeSentAgainIsRetried(Form form, Source source) throws IOException {
    server.then(FaultServer.json(503, "{\"error\":{\"message\":\"busy\"}}"));
    ApiRequest<JsonNode> request = upload(file(source, "batch.jsonl", CONTENT));
    RequestOptions twoRetries = RequestOptions.builder().maxRetries(2).retryNonIdempotentFailures(true).build();

    if (source == Source.STREAM) {
      assertThrows(InternalServerException.class, () -> form.send(client, request, twoRetries));
      assertEquals(1, server.requestCount(), "a stream is read once: the call is not retried");
    } else {
      form.send(client, request, twoRetries);
      assertEquals(2, server.requestCount());
      assertEquals(new String(server.requests().get(0).body(), StandardCharsets.UTF_8).length(),
          new String(server.requests().get(1).body(), StandardCharsets.UTF_8).length(), "the retry sent the file again");
    }
  }

  private static ApiRequest<JsonNode> put(FilePart file, String mediaType) {
    return ApiRequest.builder("PUT", "/uploads/up-1/content", JSON_ANSWER).binaryBody(file, mediaType).build();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"BLOCKING, PATH", "BLOCKING, BYTES", "BLOCKING, STREAM", "ASYNC, PATH", "ASYNC, BYTES", "ASYNC, STREAM"})
  void aFileAsTheWholeBodyIsItsBytesInTheContractsMediaType(Form form, Source source) throws IOException {
    form.send(client, put(file(source, "batch.jsonl", CONTENT), "application/octet-stream"), RequestOptions.none());

    FaultServer.Request sent = server.requests().get(0);
    assertEquals(CONTENT, new String(sent.body(), StandardCharsets.UTF_8));
    assertEquals("application/octet-stream", sent.header("content-type"), "the contract's media type");
    if (source == Source.STREAM) {
      assertEquals("chunked", sent.header("transfer-encoding"));
    } else {
      assertEquals(String.valueOf(CONTENT.length()), sent.header("content-length"));
    }
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void aRangeInTheContractLeavesTheFilesOwnMediaTypeAndAStreamedBodyIsNotRetried(Form form) throws IOException {
    server.then(FaultServer.json(503, "{\"error\":{\"message\":\"busy\"}}"));
    RequestOptions twoRetries = RequestOptions.builder().maxRetries(2).retryNonIdempotentFailures(true).build();
    Watched stream = new Watched(CONTENT);
    assertThrows(InternalServerException.class, () -> form.send(client,
        put(FilePart.of(stream, "batch.jsonl", "application/jsonl"), "*/*"), twoRetries));
    assertEquals(1, server.requestCount(), "a stream is read once: the call is not retried");
    assertEquals("application/jsonl", server.requests().get(0).header("content-type"));
    assertTrue(stream.closed.get(), "the stream is closed when the call ends");

    server.then(FaultServer.json(503, "{\"error\":{\"message\":\"busy\"}}"));
    form.send(client, put(file(Source.PATH, "batch.jsonl", CONTENT), "*/*"), twoRetries);
    assertEquals(3, server.requestCount(), "a file from a path is sent again by the retry");
    assertEquals(CONTENT, new String(server.requests().get(2).body(), StandardCharsets.UTF_8));
  }

  @Test
  void aBinaryBodyCarriesNoExtraPropertiesAndOnlyAFileMakesOne() {
    IllegalArgumentException extra = assertThrows(IllegalArgumentException.class, () -> put(FilePart.of(
        new byte[] {1}, "a.bin", "application/octet-stream"), "application/octet-stream")
        .withExtras(java.util.Collections.singletonMap("quality", "high"), java.util.Collections.emptyMap()));
    assertEquals("PUT /uploads/up-1/content sends a file as its whole body, which has no properties to carry the "
        + "extra body properties [quality]", extra.getMessage());
    ApiRequest<JsonNode> noFile = ApiRequest.builder("PUT", "/uploads/up-1/content", JSON_ANSWER)
        .binaryBody(null, "image/png").build();
    assertNull(noFile.bodyMediaType(), "no file, no body");
  }

  /** A caller's stream that remembers being closed. */
  private static final class Watched extends ByteArrayInputStream {
    final AtomicBoolean closed = new AtomicBoolean();
    final Set<String> readers = ConcurrentHashMap.newKeySet();

    Watched(String content) {
      super(content.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      readers.add(Thread.currentThread().getName());
      return super.read(b, off, len);
    }

    @Override
    public void close() throws IOException {
      closed.set(true);
      super.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void aStreamIsClosedOnceSentAndWhenTheCallEndsWithoutSendingIt(Form form) throws IOException {
    Watched sent = new Watched(CONTENT);
    form.send(client, upload(FilePart.of(sent, "batch.jsonl", "application/jsonl")), RequestOptions.none());
    assertTrue(sent.closed.get());

    int port = java.net.URI.create(server.baseUrl()).getPort();
    server.close(); // nothing listens there now: the call ends before its body is sent
    Watched unsent = new Watched(CONTENT);
    try (TestClient refused = clientFor("http://127.0.0.1:" + port + "/v1", Timing.SYSTEM).build()) {
      assertThrows(AiStatsConnectionException.class, () -> form.send(refused,
          upload(FilePart.of(unsent, "batch.jsonl", "application/jsonl")), RequestOptions.none()));
    }
    assertTrue(unsent.closed.get(), "a stream the call did not send is closed when it ends");
  }

  @Test
  void anAsyncCallReadsAStreamOnItsExecutorNeverOnAnIoThread() throws IOException {
    ExecutorService executor = Executors.newSingleThreadExecutor(task -> new Thread(task, "callers-executor"));
    try {
      Watched stream = new Watched(CONTENT.repeat(20_000)); // about 700 KB: more than the window, so it waits
      TestSupport.await(client.core.executeAsync(() -> upload(FilePart.of(stream, "big.jsonl", "application/jsonl")),
          RequestOptions.builder().asyncExecutor(executor).build()));
      assertEquals(Set.of("callers-executor"), stream.readers);
      assertTrue(new String(server.requests().get(0).body(), StandardCharsets.UTF_8)
          .contains("filename=\"big.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n" + CONTENT.repeat(20_000)
              + "\r\n--"), "the whole file arrived");
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void anInterceptorCannotReadAStreamTheServerIsToGet() {
    try (TestClient reading = clientFor(server.baseUrl(), Timing.SYSTEM).addInterceptor(chain -> {
      chain.request().writeBodyTo(new java.io.ByteArrayOutputStream());
      return chain.proceed(chain.request());
    }).build()) {
      RuntimeException e = assertThrows(RuntimeException.class, () -> Form.BLOCKING.send(reading,
          upload(FilePart.of(new Watched(CONTENT), "batch.jsonl", "application/jsonl")), RequestOptions.none()));
      Throwable cause = e;
      while (!(cause instanceof IllegalStateException) && cause.getCause() != null) {
        cause = cause.getCause();
      }
      assertTrue(cause.getMessage().contains("holds a file read from a stream"), e.toString());
    }
    assertEquals(0, server.requestCount());
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void aCallPastItsDeadlineStopsReadingAnEndlessStream(Form form) throws InterruptedException {
    server.discardingBodies();
    ExecutorService executor = Executors.newSingleThreadExecutor(task -> new Thread(task, "callers-executor"));
    try {
      java.util.concurrent.atomic.AtomicLong read = new java.util.concurrent.atomic.AtomicLong();
      InputStream endless = new InputStream() {
        @Override
        public int read() {
          read.incrementAndGet();
          return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
          Arrays.fill(b, off, off + len, (byte) 'x');
          read.addAndGet(len);
          return len;
        }
      };
      RequestOptions options = RequestOptions.builder().timeout(java.time.Duration.ofMillis(500))
          .asyncExecutor(executor).build();
      assertThrows(io.github.gatewaysdk.aistats.errors.AiStatsTimeoutException.class,
          () -> form.send(client, upload(FilePart.of(endless, "endless.jsonl", "application/jsonl")), options));
      executor.shutdown();
      assertTrue(executor.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS),
          "the writer on the executor ended with the call");
      assertTrue(read.get() > 0, "the stream was being sent when the deadline passed");
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void aFileIsNamedAndTypedAsTheCallerSaysOrByItsPath() throws IOException {
    Path photo = Files.write(dir.resolve("photo.png"), new byte[] {1, 2, 3});
    FilePart fromPath = FilePart.of(photo);
    assertEquals("photo.png", fromPath.filename());
    assertEquals(FilePart.DEFAULT_CONTENT_TYPE, fromPath.contentType());
    assertEquals(3, fromPath.length());
    assertTrue(fromPath.isReplayable());
    assertFalse(FilePart.of(new Watched(""), "x", "text/plain").isReplayable());
    assertEquals(-1, FilePart.of(new Watched(""), "x", "text/plain").length());
    assertEquals("FilePart[photo.png, image/png, 3 bytes]", FilePart.of(photo, "image/png").toString());

    IllegalArgumentException notAFile = assertThrows(IllegalArgumentException.class,
        () -> FilePart.of(dir.resolve("missing.png")));
    assertTrue(notAFile.getMessage().startsWith("not a readable file: "), notAFile.getMessage());
    for (String bad : new String[] {"png", "", "image/png\r\nX-Evil: 1"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> FilePart.of(new byte[0], "x.png", bad), bad);
      assertTrue(e.getMessage().startsWith("not a media type: "), e.getMessage());
    }
    assertThrows(NullPointerException.class, () -> FilePart.of(new byte[0], null, "image/png"));
  }

  @Test
  void aFileHasNoPlaceInAnUrlEncodedForm() throws IOException {
    ApiRequest<JsonNode> request = ApiRequest.builder("POST", "/voices", JSON_ANSWER)
        .formBody(io.github.gatewaysdk.aistats.core.internal.MediaTypes.URL_ENCODED)
        .part("sample", file(Source.BYTES, "a.wav", "x")).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Form.BLOCKING.send(client, request, RequestOptions.none()));
    assertTrue(e.getMessage().contains("holds a FilePart"), e.getMessage());
  }

}
