package io.github.gatewaysdk.aistats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gatewaysdk.aistats.core.AttemptResponse;
import io.github.gatewaysdk.aistats.core.ClientBuilder;
import io.github.gatewaysdk.aistats.core.FaultServer;
import io.github.gatewaysdk.aistats.core.RawResponse;
import io.github.gatewaysdk.aistats.core.RequestOptions;
import io.github.gatewaysdk.aistats.errors.AiStatsConnectionException;
import io.github.gatewaysdk.aistats.errors.AiStatsServiceException;
import io.github.gatewaysdk.aistats.errors.AiStatsTimeoutException;
import io.github.gatewaysdk.aistats.errors.RateLimitException;
import io.github.gatewaysdk.aistats.errors.UnprocessableEntityException;
import io.github.gatewaysdk.aistats.model.Image;
import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import io.github.gatewaysdk.aistats.model.ImagesEditResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's snippets, verbatim between the SNIPPET markers, run against a local server. The key and URL come from
 * the system properties the README documents, set here for the duration of each test.
 */
class ReadmeSnippetsTest {
  @TempDir
  Path dir;
  private FaultServer server;
  private Path catPng;

  @BeforeEach
  void start() throws Exception {
    server = new FaultServer();
    System.setProperty(ClientBuilder.API_KEY_PROPERTY, TestSupport.API_KEY);
    System.setProperty(ClientBuilder.BASE_URL_PROPERTY, server.baseUrl());
    catPng = Files.write(dir.resolve("cat.png"), ImageHelpersTest.PNG);
  }

  @AfterEach
  void stop() {
    System.clearProperty(ClientBuilder.API_KEY_PROPERTY);
    System.clearProperty(ClientBuilder.BASE_URL_PROPERTY);
    server.close();
  }

  @Test
  void quickstart() throws Exception {
    Path out = catPng.resolveSibling("cat-with-hat.png");
    server.then(FaultServer.respond(200, "application/json",
        "{\"created\":1,\"data\":[{\"b64_json\":\"" + java.util.Base64.getEncoder().encodeToString(ImageHelpersTest.PNG) + "\"}]}"));
    Path cat = catPng;
    // SNIPPET quickstart
    try (AiStatsClient client = AiStatsClient.fromEnv()) {   // reads AI_STATS_API_KEY
      ImagesEditResponse response = client.images().edit(new ImagesEditRequest()
          .model("gpt-image-1")
          .image(ImageData.toDataUrl(cat))                  // PNG, JPEG or WebP as a data URL
          .prompt("Put a top hat on the cat")
          .n(1));
      client.images().save(response.getData().get(0), out); // decodes b64_json or downloads url
    }
    // END SNIPPET
    assertArrayEquals(ImageHelpersTest.PNG, Files.readAllBytes(out));
  }

  /**
   * Every Java block of the root README stands verbatim in a SNIPPET of this class, or of the generator's test driver
   * (streams, pages, files: operations of its multi-resource test contract, which the generator's tests run), so the
   * README compiles.
   */
  @Test
  void everyReadmeJavaBlockIsASnippetHere() throws Exception {
    String readme = new String(Files.readAllBytes(Paths.get("..", "README.md")), StandardCharsets.UTF_8);
    String source = new String(Files.readAllBytes(
        Paths.get("src/test/java/io/github/gatewaysdk/aistats/ReadmeSnippetsTest.java")), StandardCharsets.UTF_8)
        + new String(Files.readAllBytes(Paths.get("..", "generator", "src", "test", "resources", "drive",
        "Drive.java")), StandardCharsets.UTF_8);
    java.util.Set<String> snippets = new java.util.HashSet<>();
    java.util.regex.Matcher snippet = java.util.regex.Pattern
        .compile("// SNIPPET \\w+\n(.*?)\n\\s*// END SNIPPET", java.util.regex.Pattern.DOTALL).matcher(source);
    while (snippet.find()) {
      snippets.add(dedent(snippet.group(1)));
    }
    java.util.regex.Matcher block = java.util.regex.Pattern
        .compile("```java\n(.*?)\n```", java.util.regex.Pattern.DOTALL).matcher(readme);
    int blocks = 0;
    while (block.find()) {
      blocks++;
      assertTrue(snippets.contains(dedent(block.group(1))), "README block is not a snippet of a test:\n" + block.group(1));
    }
    assertTrue(blocks >= 9, "expected the README's Java blocks, found " + blocks);
  }

  private static String dedent(String text) {
    String[] lines = text.split("\n");
    int indent = Integer.MAX_VALUE;
    for (String line : lines) {
      if (!line.trim().isEmpty()) {
        indent = Math.min(indent, line.length() - line.replaceAll("^ +", "").length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      out.append(line.length() >= indent ? line.substring(indent) : line.trim()).append('\n');
    }
    return out.toString().trim();
  }

  @Test
  void aheadOfTheContract() {
    ImagesEditRequest request = new ImagesEditRequest().model("gpt-image-1").image(ImageData.toDataUrl(catPng))
        .prompt("Add a top hat");
    try (AiStatsClient client = AiStatsClient.fromEnv()) {
      // SNIPPET ahead
      ImagesEditResponse response = client.images().edit(request, RequestOptions.builder()
          .extraBodyProperty("quality", "high")                 // accepted by the gateway, not in its contract yet
          .extraQueryParam("trace", "on")
          .build());
      // END SNIPPET
      assertEquals(1, response.getData().size());
    }
    FaultServer.Request sent = server.requests().get(0);
    assertTrue(sent.path().endsWith("/images/edits?trace=on"), sent.path());
    assertTrue(new String(sent.body(), StandardCharsets.UTF_8).contains("name=\"quality\"\r\nContent-Type: text/plain;"
        + " charset=UTF-8\r\n\r\nhigh\r\n"), "the extra field is a part of the form");
  }

  @Test
  void configuration() {
    ImagesEditResponse response;
    // SNIPPET configuration
    try (AiStatsClient client = AiStatsClient.builder()   // key and URL: ai.stats.* properties or AI_STATS_* env
        .timeout(Duration.ofMinutes(10))                  // whole call, retries included
        .responseTimeout(Duration.ofMinutes(3))           // longest wait for the answer's next bytes
        .maxRetries(3)
        .maxConnections(16)
        .build()) {
      response = client.images().edit(new ImagesEditRequest()
          .model("gpt-image-1")
          .image(ImageData.toDataUrl(catPng))
          .prompt("Add a top hat"));
    }
    // END SNIPPET
    assertEquals(1, response.getData().size());
    FaultServer.Request sent = server.requests().get(0);
    assertEquals("Bearer " + TestSupport.API_KEY, sent.header("authorization"));
  }

  @Test
  void errors() {
    server.then(FaultServer.respond(422, "application/problem+json", "{\"title\":\"Invalid request\",\"status\":422,"
        + "\"validation\":[{\"location\":[\"body\",\"size\"],\"message\":\"must be one of 256x256, 1024x1024\"}]}",
        "x-request-id", "req-42"));
    List<String> reported = new ArrayList<>();
    try (AiStatsClient client = AiStatsClient.fromEnv()) {
      ImagesEditRequest request = TestSupport.request().size("300x300");
      // SNIPPET errors
      try {
        client.images().edit(request);
      } catch (UnprocessableEntityException e) {   // 422: the message lists each violation
        reported.add(e.getMessage());
      } catch (RateLimitException e) {             // 429, still limited after the retries
        reported.add("slow down: " + e.getMessage());
      } catch (AiStatsServiceException e) {        // any other status, or an unreadable success body
        reported.add(e.statusCode() + " request id " + e.requestId());
      } catch (AiStatsTimeoutException | AiStatsConnectionException e) {
        reported.add("gateway unreachable: " + e.getMessage());
      }
      // END SNIPPET
    }
    assertEquals(List.of("422 Unprocessable Entity from POST /images/edits: body.size: must be one of 256x256,"
        + " 1024x1024 (request id req-42)"), reported);
  }

  @Test
  void perCallOptions() {
    ImagesEditResponse response;
    try (AiStatsClient client = AiStatsClient.fromEnv()) {
      ImagesEditRequest request = TestSupport.request();
      // SNIPPET options
      RequestOptions patient = RequestOptions.builder()
          .timeout(Duration.ofMinutes(15))          // this call's deadline
          .maxRetries(4)
          .retryNonIdempotentFailures(true)         // accept a possible double charge on 500/502/504/resets
          .header("X-Title", "nightly-batch")
          .build();
      response = client.images().edit(request, patient);
      // END SNIPPET
    }
    assertEquals(1, response.getData().size());
    assertEquals("nightly-batch", server.requests().get(0).header("x-title"));
  }

  @Test
  void interceptors() {
    String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    ImagesEditRequest request = TestSupport.request();
    // SNIPPET interceptors
    List<String> seen = new ArrayList<>();
    try (AiStatsClient client = AiStatsClient.builder()
        .addInterceptor(chain -> chain.proceed(chain.request().withHeader("traceparent", traceparent)))
        .addInterceptor(chain -> {
          AttemptResponse answer = chain.proceed(chain.request());
          seen.add(chain.request().operation() + " attempt " + answer.attempt() + ": " + answer.statusCode()
              + " in " + answer.elapsed().toMillis() + " ms");
          return answer;
        })
        .build()) {
      client.images().edit(request);
    }
    // END SNIPPET
    assertEquals(1, seen.size());
    assertTrue(seen.get(0).startsWith("POST /images/edits attempt 1: 200 in "), seen.get(0));
    assertEquals(traceparent, server.requests().get(0).header("traceparent"));
  }

  @Test
  void rawResponses() {
    server.then(FaultServer.json(200, FaultServer.OK_BODY, "x-request-id", "req-7"));
    try (AiStatsClient client = AiStatsClient.fromEnv()) {
      ImagesEditRequest request = TestSupport.request();
      // SNIPPET raw
      RawResponse<ImagesEditResponse> raw = client.images().withRawResponse().edit(request);
      String requestId = raw.requestId();                // x-request-id, for the gateway's support
      int attempts = raw.attempts();                     // 1 when no retry was needed
      ImagesEditResponse body = raw.body();
      // END SNIPPET
      assertEquals("req-7", requestId);
      assertEquals(1, attempts);
      assertEquals(200, raw.statusCode());
      assertEquals(1, body.getData().size());
    }
  }

  @Test
  void asynchronousCalls() throws Exception {
    server.otherwise(FaultServer.after(50, FaultServer.json(200, FaultServer.OK_BODY)));
    List<Path> photos = List.of(catPng, catPng, catPng);
    List<ImagesEditResponse> edited = new ArrayList<>();
    List<String> callbackThreads = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.ExecutorService appExecutor = java.util.concurrent.Executors.newFixedThreadPool(2,
        task -> new Thread(task, "app-worker"));
    try {
      // SNIPPET async
      try (AiStatsClient client = AiStatsClient.builder()
          .asyncExecutor(appExecutor)      // futures complete here (default: the client's own ai-stats-async-* threads)
          .build()) {
        List<CompletableFuture<ImagesEditResponse>> edits = new ArrayList<>();
        for (Path photo : photos) {        // all in flight at once, on a handful of threads
          edits.add(client.async().images().edit(new ImagesEditRequest()
              .model("gpt-image-1")
              .image(ImageData.toDataUrl(photo))
              .prompt("Put the product on a white background"))
              .whenComplete((response, error) -> callbackThreads.add(Thread.currentThread().getName())));
        }
        for (CompletableFuture<ImagesEditResponse> edit : edits) {
          edited.add(edit.join());         // fails with CompletionException, whose cause is the AiStatsException
        }
      }
      // END SNIPPET
    } finally {
      appExecutor.shutdownNow();
    }
    assertEquals(3, edited.size());
    assertEquals(3, server.requestCount());
    assertEquals(List.of("app-worker", "app-worker", "app-worker"), callbackThreads);
  }

  @Test
  void imageHelpers() throws Exception {
    Path out = dir.resolve("cat-with-hat.png");
    byte[] bytes;
    server.then(FaultServer.respond(200, "application/json", "{\"created\":1,\"data\":[{\"b64_json\":\""
        + java.util.Base64.getEncoder().encodeToString(ImageHelpersTest.PNG) + "\"}]}"));
    try (AiStatsClient client = AiStatsClient.fromEnv()) {
      ImagesEditResponse response = client.images().edit(TestSupport.request());
      // SNIPPET images
      Image first = response.getData().get(0);
      bytes = client.images().bytes(first);            // b64_json decoded, or url downloaded
      client.images().save(first, out);
      String mask = ImageData.toDataUrl(Files.newInputStream(catPng)); // PNG, JPEG or WebP, sniffed from content
      // END SNIPPET
      assertTrue(mask.startsWith("data:image/png;base64,"));
    }
    assertArrayEquals(ImageHelpersTest.PNG, bytes);
    assertArrayEquals(bytes, Files.readAllBytes(out));
  }
}
