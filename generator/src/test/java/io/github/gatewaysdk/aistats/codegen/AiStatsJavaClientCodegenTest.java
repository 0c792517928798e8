package io.github.gatewaysdk.aistats.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders this module's templates for a multi-resource contract, compiles what they produce (with a driver written
 * as a user would) against the core, and drives one operation of each resource through the core to a local server.
 * A template mistake fails here, naming the generated file and line.
 */
class AiStatsJavaClientCodegenTest {
  @TempDir static Path output;
  @TempDir static Path classes;
  private static final List<String> REQUESTS = new CopyOnWriteArrayList<>();
  private static HttpServer server;
  private static URLClassLoader compiled;

  @BeforeAll
  static void generateCompileAndServe() throws Exception {
    // The repository's multi-resource test contract, which -Dcontract.file can also build the client from.
    RenderedClient.render(RenderedClient.contract("multi-resource.yaml"), output);

    Path driver = output.resolve("src/main/java/example/Drive.java");
    Files.copy(Path.of(AiStatsJavaClientCodegenTest.class.getResource("/drive/Drive.java").toURI()), driver);
    compiled = RenderedClient.compile(output, classes);

    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getRawPath();
      String query = exchange.getRequestURI().getRawQuery();
      REQUESTS.add((exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query) + " auth="
          + exchange.getRequestHeaders().getFirst("Authorization") + " type="
          + exchange.getRequestHeaders().getFirst("Content-Type") + " title="
          + exchange.getRequestHeaders().getFirst("X-Title") + " body=" + new String(body, StandardCharsets.UTF_8))
          .replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "B")); // multipart boundaries are random
      String answer;
      String type = "application/json";
      String accept = String.valueOf(exchange.getRequestHeaders().getFirst("Accept"));
      if (accept.equals("application/rss+xml")) {
        answer = "<rss version=\"2.0\"/>";
        type = accept;
      } else if (accept.equals("text/event-stream")) {
        answer = "data: {\"id\":\"c1\",\"delta\":\"Hel\"}\n\n: a comment\n\ndata: {\"id\":\"c1\",\"delta\":\"lo\"}\n\n"
            + "data: [DONE]\n\n";
        type = "text/event-stream";
      } else if (path.equals("/v1/models")) {
        answer = "[{\"id\":\"listed\"}]";
      } else if (path.startsWith("/v1/models/")) {
        answer = "{\"id\":\"one\",\"unknown\":true}";
      } else if (path.equals("/v1/audio/speech")) {
        answer = "MP3";
        type = "audio/mpeg";
      } else if (path.equals("/v1/keys")) {
        // Five keys in all, served by offset and limit as the gateway pages.
        java.util.Map<String, String> params = new java.util.HashMap<>();
        for (String pair : String.valueOf(query).split("&")) {
          params.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        int offset = Integer.parseInt(params.getOrDefault("offset", "0"));
        int limit = Integer.parseInt(params.getOrDefault("limit", "50"));
        StringBuilder keys = new StringBuilder();
        for (int i = offset; i < Math.min(5, offset + limit); i++) {
          keys.append(keys.length() == 0 ? "" : ",").append("{\"id\":\"k").append(i).append("\"}");
        }
        answer = "{\"data\":[" + keys + "],\"total_count\":5}";
      } else if (path.equals("/v1/audio/voices")) {
        answer = "{\"voices\":[\"ava\"]}";
      } else if (path.equals("/v1/images/edits")) {
        answer = "{\"created\":7,\"id\":\"unknown to the contract\"}";
      } else if (path.equals("/v1/health")) {
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
        return;
      } else {
        answer = "{\"id\":\"" + path + "\"}";
      }
      exchange.getResponseHeaders().add("Content-Type", type);
      exchange.getResponseHeaders().add("x-request-id", "req-1");
      byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.stop(0);
    }
    if (compiled != null) {
      compiled.close();
    }
  }

  @Test
  void oneServicePerResourceWhateverTheTagsAndOneAccessorEach() throws IOException {
    Map<String, List<String>> operations = new TreeMap<>();
    try (Stream<Path> files = Files.list(output.resolve("src/main/java/example/api"))) {
      for (Path file : (Iterable<Path>) files::iterator) {
        java.util.regex.Matcher method = java.util.regex.Pattern
            .compile("static ApiRequest<[^>]*>+ (\\w+)Request\\(|\\.(\\w+)Request\\(").matcher(read(file));
        TreeSet<String> names = new TreeSet<>();
        while (method.find()) {
          names.add(method.group(1) != null ? method.group(1) : method.group(2));
        }
        operations.put(file.getFileName().toString().replace(".java", ""), List.copyOf(names));
      }
    }
    // Each asynchronous twin sends the requests its blocking service describes.
    assertEquals(Map.ofEntries(
        Map.entry("AudioApi", List.of("createSpeech", "searchVoices")),
        Map.entry("AudioApiAsync", List.of("createSpeech", "searchVoices")),
        Map.entry("ChatApi", List.of("createChatCompletion")),
        Map.entry("ChatApiAsync", List.of("createChatCompletion")),
        Map.entry("HealthApi", List.of("getHealth")), Map.entry("HealthApiAsync", List.of("getHealth")),
        Map.entry("ImagesApi", List.of("createImage", "createImageEdit")),
        Map.entry("ImagesApiAsync", List.of("createImage", "createImageEdit")),
        Map.entry("KeysApi", List.of("listKeys")), Map.entry("KeysApiAsync", List.of("listKeys")),
        Map.entry("ModelsApi", List.of("getModel", "listModels")),
        Map.entry("ModelsApiAsync", List.of("getModel", "listModels")),
        Map.entry("RealtimeApi", List.of("connectRealtime")),
        Map.entry("RealtimeApiAsync", List.of("connectRealtime")),
        Map.entry("UploadsApi", List.of("createUpload", "putUploadContent")),
        Map.entry("UploadsApiAsync", List.of("createUpload", "putUploadContent"))),
        operations);
    String client = read(output.resolve("src/main/java/example/TestGatewayClient.java"));
    for (String accessor : List.of("audio", "chat", "health", "images", "keys", "models", "realtime", "uploads")) {
      assertTrue(client.contains("public example.api." + Character.toUpperCase(accessor.charAt(0))
          + accessor.substring(1) + "Api " + accessor + "()"), accessor + " in\n" + client);
    }
  }

  /** The generated operation index names every operation, and calls it through the client's own methods. */
  @Test
  void theOperationIndexListsEveryOperationCompiledAgainstTheClient() throws Exception {
    List<?> all = (List<?>) compiled.loadClass("example.internal.TestGatewayClientOperations").getField("ALL").get(null);
    Map<String, String> operations = new TreeMap<>();
    for (Object entry : all) {
      io.github.gatewaysdk.aistats.core.internal.Operation<?> operation =
          (io.github.gatewaysdk.aistats.core.internal.Operation<?>) entry;
      operations.put(operation.operationId(), operation.method() + " " + operation.path() + " "
          + operation.sdkMethod() + operation.argumentTypes().stream().map(Class::getSimpleName).toList()
          + (operation.streams() ? " streams" : "") + (operation.pages() ? " pages" : "")
          + (operation.textMediaTypes().isEmpty() ? "" : " text" + operation.textMediaTypes()));
    }
    assertEquals(12, operations.size(), operations.toString());
    assertEquals("GET /models/{model} getModel[String]", operations.get("getModel"), operations.toString());
    assertEquals("GET /models listModels[ListModelsParams]", operations.get("listModels"), operations.toString());
    assertEquals("POST /chat/completions createChatCompletion[ChatRequest] streams",
        operations.get("createChatCompletion"), "the streaming twin is in the index");
    assertEquals("GET /keys listKeys[ListKeysParams] pages text[application/rss+xml]", operations.get("listKeys"),
        "so are the auto-pager and the text twin");
    assertEquals("POST /images/edits createImageEdit[ImagesEditRequest]", operations.get("createImageEdit"),
        operations.toString());
  }

  /** A required body is checked once; its properties need no guard against its absence after that. */
  @Test
  void aRequiredBodysPropertiesAreCheckedWithoutAGuard() throws IOException {
    String images = read(output.resolve("src/main/java/example/api/ImagesApi.java"));
    assertTrue(images.contains("Checks.required(\"request\", request);"), images);
    assertTrue(images.contains("    Checks.required(\"prompt\", request.getPrompt());"), images);
    assertTrue(!images.contains("if (request != null)"), images);
  }

  @Test
  void onlyJavaSourcesAreGenerated() throws IOException {
    try (Stream<Path> files = Files.walk(output)) {
      List<String> others = files.filter(Files::isRegularFile)
          .map(file -> output.relativize(file).toString())
          .filter(name -> !name.endsWith(".java") && !name.startsWith(".openapi-generator"))
          .collect(Collectors.toList());
      assertEquals(List.of(), others);
    }
    assertTrue(Files.notExists(output.resolve("src/main/java/example/invoker/ApiClient.java")));
  }

  @Test
  void everyResourceTravelsThroughTheCore() throws Exception {
    REQUESTS.clear();
    Method run = compiled.loadClass("example.Drive").getMethod("run", String.class);
    String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    assertEquals(List.of("/v1/chat/completions", "listed", "one req-1", 7, "MP3", "ava", "health"),
        run.invoke(null, baseUrl));
    List<String> seen = new ArrayList<>(REQUESTS);
    assertEquals(7, seen.size(), seen.toString());
    assertEquals("POST /v1/chat/completions auth=Bearer sk-drive type=application/json; charset=UTF-8 title=null"
        + " body={\"model\":\"m\",\"temperature\":0.5}", seen.get(0));
    assertEquals("GET /v1/models?limit=5&owned_by=a%20b auth=Bearer sk-drive type=null title=null body=",
        seen.get(1));
    assertEquals("GET /v1/models/gpt%2F4%20o auth=Bearer sk-drive type=null title=drive body=", seen.get(2));
    String text = "\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n";
    assertEquals("POST /v1/images/edits auth=Bearer sk-drive type=multipart/form-data; boundary=B title=null body="
        + "--B\r\nContent-Disposition: form-data; name=\"model\"" + text + "m\r\n"
        + "--B\r\nContent-Disposition: form-data; name=\"image\"" + text + "data:image/png;base64,AA==\r\n"
        + "--B\r\nContent-Disposition: form-data; name=\"prompt\"" + text + "hat\r\n"
        + "--B\r\nContent-Disposition: form-data; name=\"n\"" + text + "2\r\n"
        + "--B\r\nContent-Disposition: form-data; name=\"provider\"\r\nContent-Type: application/json; charset=UTF-8"
        + "\r\n\r\n{\"include_alpha\":true}\r\n--B--\r\n", seen.get(3));
    assertEquals("POST /v1/audio/speech auth=Bearer sk-drive type=application/json; charset=UTF-8 title=null"
        + " body={\"input\":\"hello\"}", seen.get(4));
    assertEquals("POST /v1/audio/voices auth=Bearer sk-drive type=application/x-www-form-urlencoded title=null"
        + " body=language=en-GB&accent=Received+Pronunciation+%26+co&tags=calm&tags=warm%3Dsoft&limit=3&neural=true",
        seen.get(5), "an url-encoded form: fields in the contract's order, an array as its field repeated");
    assertEquals("GET /v1/health auth=null type=null title=null body=", seen.get(6), "a public operation sends no key");
  }

  @Test
  void theAsynchronousTwinsSendTheSameRequests() throws Exception {
    REQUESTS.clear();
    String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    Class<?> drive = compiled.loadClass("example.Drive");
    assertEquals(List.of("/v1/chat/completions", "listed", "one req-1", 7, "MP3", "ava", "health"),
        drive.getMethod("runAsync", String.class).invoke(null, baseUrl));
    List<String> async = new ArrayList<>(REQUESTS);
    REQUESTS.clear();
    drive.getMethod("run", String.class).invoke(null, baseUrl);
    assertEquals(new ArrayList<>(REQUESTS), async);

    REQUESTS.clear();
    @SuppressWarnings("unchecked")
    List<java.util.concurrent.CompletableFuture<?>> bad = (List<java.util.concurrent.CompletableFuture<?>>)
        drive.getMethod("badCallsAsync", String.class).invoke(null, baseUrl);
    List<String> messages = new ArrayList<>();
    for (java.util.concurrent.CompletableFuture<?> call : bad) {
      java.util.concurrent.ExecutionException failed =
          assertThrows(java.util.concurrent.ExecutionException.class, call::get);
      messages.add(assertInstanceOf(IllegalArgumentException.class, failed.getCause()).getMessage());
    }
    assertEquals(List.of("n must be at most 10, was 11", "limit must be at most 100, was 101",
        "model is required, was null"), messages);
    assertEquals(List.of(), REQUESTS, "nothing was sent");
  }

  /** An answer the contract lets come as an event stream has a streaming twin, which asks for the stream. */
  @Test
  void anAnswerThatMayStreamHasAStreamingTwinThatAsksForTheStream() throws Exception {
    REQUESTS.clear();
    String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    assertEquals(List.of("Hel", "lo", "Hel", "lo"),
        compiled.loadClass("example.Drive").getMethod("runStreaming", String.class).invoke(null, baseUrl));
    assertEquals(2, REQUESTS.size(), REQUESTS.toString());
    for (String sent : REQUESTS) {
      assertEquals("POST /v1/chat/completions auth=Bearer sk-drive type=application/json; charset=UTF-8 title=null"
          + " body={\"model\":\"m\",\"stream\":true}", sent);
    }
  }

  /** A list that pages with offset and limit has an auto-pager twin: every item, a page a call, to the total. */
  @Test
  void aListThatPagesHasAnAutoPagerOverEveryItem() throws Exception {
    REQUESTS.clear();
    String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    assertEquals(List.of("k1", "k2", "k3", "k4", "k1", "k2", "k3", "k4"),
        compiled.loadClass("example.Drive").getMethod("runPaging", String.class).invoke(null, baseUrl));
    assertEquals(List.of("/v1/keys?offset=1&limit=2", "/v1/keys?offset=3&limit=2", "/v1/keys?offset=1&limit=2",
        "/v1/keys?offset=3&limit=2"), REQUESTS.stream().map(sent -> sent.split(" ")[1]).toList(),
        "a page a call, from the offset set, stopping at the total");
  }

  /**
   * The gateway's own lists: each of the ten paging with integer offset and limit has an auto-pager, whether its
   * items are in {@code data} or in its one array ({@code models}, {@code providers} ...); the four with only a limit
   * (cursor lists whose contract has no cursor parameter) cannot ask for a next page and have none. The three offered
   * as RSS or Atom feeds have a text twin.
   */
  @Test
  void theGatewaysListsPageAndItsFeedsHaveTextTwins(@TempDir Path gateway) throws IOException {
    RenderedClient.render(RenderedClient.contract("gateway-2026-08.yaml"), gateway);
    TreeSet<String> paging = new TreeSet<>();
    TreeSet<String> text = new TreeSet<>();
    try (Stream<Path> files = Files.list(gateway.resolve("src/main/java/example/api"))) {
      for (Path file : (Iterable<Path>) files.filter(f -> !f.toString().endsWith("Async.java"))::iterator) {
        java.util.regex.Matcher twin = java.util.regex.Pattern
            .compile("public \\S+ (\\w+)(AutoPaging|Text)\\((?:\\w+ \\w+, )*\\w+ params, ").matcher(read(file));
        while (twin.find()) {
          (twin.group(2).equals("Text") ? text : paging).add(twin.group(1));
        }
      }
    }
    assertEquals(new TreeSet<>(List.of("getActivity", "listApiKeys", "listBatchRequests", "listBatchRequestsAlias",
        "listDataModels", "listModels", "listOrganisations", "listProviders", "listTeamModels", "listWorkspaces")),
        paging);
    assertEquals(new TreeSet<>(List.of("listDataModels", "listModels", "listTeamModels")), text);
  }

  /** A text alternative to a JSON answer has a text twin, which asks for the media type named, one of those offered. */
  @Test
  void aTextAlternativeHasATextTwinAskingForItsMediaType() throws Exception {
    REQUESTS.clear();
    String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    assertEquals(List.of("<rss version=\"2.0\"/>", "<rss version=\"2.0\"/>",
        "mediaType must be one of application/rss+xml, was text/html"),
        compiled.loadClass("example.Drive").getMethod("runText", String.class).invoke(null, baseUrl));
    assertEquals(List.of("/v1/keys?limit=2", "/v1/keys?limit=2"),
        REQUESTS.stream().map(sent -> sent.split(" ")[1]).toList(), "a media type not offered is not sent");
  }

  /** A file as the whole body goes as its bytes, in the contract's media type, from a path or a stream, both forms. */
  @Test
  void aBinaryBodyIsTheFileItselfInTheContractsMediaType(@TempDir Path dir) throws Exception {
    REQUESTS.clear();
    String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    compiled.loadClass("example.Drive").getMethod("runBinaryBody", String.class, Path.class).invoke(null, baseUrl, dir);
    assertEquals(List.of(
        "PUT /v1/uploads/up-1/content auth=Bearer sk-drive type=application/octet-stream title=null body=MP3",
        "PUT /v1/uploads/up-2/content auth=Bearer sk-drive type=application/octet-stream title=null body=ID3"),
        REQUESTS);
  }

  /**
   * A {@code format: binary} property takes a FilePart, and an array of them one part per file, in both forms; a
   * binary answer is written to a file.
   */
  @Test
  void filesGoAsFilePartsAndComeAsBinaryResponses(@TempDir Path dir) throws Exception {
    REQUESTS.clear();
    String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    assertEquals(List.of("/v1/uploads", "/v1/uploads", "MP3"), compiled.loadClass("example.Drive")
        .getMethod("runFiles", String.class, Path.class).invoke(null, baseUrl, dir));
    String png = "\r\nContent-Type: image/png\r\n\r\n";
    String expected = "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"batch.jsonl\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n{}\r\n"
        + "--B\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"cat.png\"" + png + "\u0001\u0002\r\n"
        + "--B\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"dog.png\"" + png + "\u0003\r\n"
        + "--B\r\nContent-Disposition: form-data; name=\"purpose\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
        + "batch\r\n--B--\r\n";
    assertEquals(3, REQUESTS.size(), REQUESTS.toString());
    for (String sent : REQUESTS.subList(0, 2)) {
      assertEquals("POST /v1/uploads auth=Bearer sk-drive type=multipart/form-data; boundary=B title=null body="
          + expected, sent);
    }
    String model = read(output.resolve("src/main/java/example/model/UploadRequest.java"));
    assertTrue(model.contains("import io.github.gatewaysdk.aistats.core.FilePart;"), model);
    assertTrue(model.contains("private List<FilePart> attachments"), model);
  }

  @Test
  void theContractsConstraintsAreCheckedBeforeSending() throws Exception {
    REQUESTS.clear();
    Method badCalls = compiled.loadClass("example.Drive").getMethod("badCalls", String.class);
    @SuppressWarnings("unchecked")
    List<Runnable> calls = (List<Runnable>) badCalls.invoke(null, "http://127.0.0.1:" + server.getAddress().getPort());
    List<String> messages = new ArrayList<>();
    for (Runnable call : calls) {
      messages.add(assertInstanceOf(IllegalArgumentException.class, assertThrows(RuntimeException.class, call::run))
          .getMessage());
    }
    assertEquals(List.of(
        "model is required, was null",
        "model must have at least 1 characters, had 0",
        "temperature must be at most 2, was 2.5",
        "limit must be at most 100, was 101",
        "stop must have at most 4 items, had 5",
        "n must be at most 10, was 11",
        "model is required, was null",
        "input must have at most 4096 characters, had 4097",
        "voice must match ^[a-z]+$, was \"Alloy!\"",
        "response_format.type is required, was null",
        "response_format.type must be one of text, json_object, was xml",
        "response_format.schema_name must have at most 8 characters, had 13",
        "model is required, was null"), messages);
    assertEquals(List.of(), REQUESTS, "nothing was sent");
  }

  @Test
  void resourceIsTheFirstLiteralSegment() {
    assertEquals("images", AiStatsJavaClientCodegen.resourceOf("/images/edits"));
    assertEquals("models", AiStatsJavaClientCodegen.resourceOf("/models/{model}"));
    assertEquals(null, AiStatsJavaClientCodegen.resourceOf("/{tenant}/models"));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
