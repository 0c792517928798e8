package example;

import example.api.KeysApi;
import example.api.ModelsApi;
import example.model.ChatChunk;
import example.model.ChatRequest;
import example.model.ChatRequestResponseFormat;
import example.model.ImagesEditRequest;
import example.model.Key;
import example.model.Model;
import example.model.ProviderRoutingOptions;
import example.model.SpeechRequest;
import example.model.Upload;
import example.model.UploadRequest;
import example.model.VoiceSearch;
import io.github.gatewaysdk.aistats.core.BinaryResponse;
import io.github.gatewaysdk.aistats.core.EventStream;
import io.github.gatewaysdk.aistats.core.FilePart;
import io.github.gatewaysdk.aistats.core.RawResponse;
import io.github.gatewaysdk.aistats.core.RequestOptions;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compiled with the generated client: one operation of each resource, as a user writes it. The README's blocks on
 * streams, pages, files and binary answers stand verbatim between its SNIPPET markers.
 */
public final class Drive {
  private Drive() {
  }

  public static List<Object> run(String baseUrl) {
    List<Object> results = new ArrayList<>();
    try (TestGatewayClient client = TestGatewayClient.builder().apiKey("sk-drive").baseUrl(baseUrl).build()) {
      results.add(client.chat().createChatCompletion(new ChatRequest().model("m").temperature(new java.math.BigDecimal("0.5"))).getId());
      List<Model> models = client.models().listModels(new ModelsApi.ListModelsParams().limit(5).ownedBy("a b"));
      results.add(models.get(0).getId());
      RawResponse<Model> raw = client.models().withRawResponse().getModel("gpt/4 o", RequestOptions.builder()
          .header("X-Title", "drive").build());
      results.add(raw.body().getId() + " " + raw.requestId());
      results.add(client.images().createImageEdit(new ImagesEditRequest().model("m").image("data:image/png;base64,AA==")
          .prompt("hat").n(2).provider(new ProviderRoutingOptions().includeAlpha(true))).getCreated());
      try (io.github.gatewaysdk.aistats.core.BinaryResponse speech =
          client.audio().createSpeech(new SpeechRequest().input("hello"))) {
        results.add(new String(speech.bytes(), java.nio.charset.StandardCharsets.UTF_8));
      }
      results.add(client.audio().searchVoices(voiceSearch()).getVoices().get(0));
      client.health().getHealth();
      results.add("health");
    }
    return results;
  }

  /** The same calls through {@code async()}: futures, joined here. */
  public static List<Object> runAsync(String baseUrl) {
    List<Object> results = new ArrayList<>();
    try (TestGatewayClient client = TestGatewayClient.builder().apiKey("sk-drive").baseUrl(baseUrl).build()) {
      TestGatewayClientAsync async = client.async();
      results.add(async.chat().createChatCompletion(new ChatRequest().model("m").temperature(new java.math.BigDecimal("0.5"))).join().getId());
      List<Model> models = async.models().listModels(new ModelsApi.ListModelsParams().limit(5).ownedBy("a b")).join();
      results.add(models.get(0).getId());
      RawResponse<Model> raw = async.models().withRawResponse().getModel("gpt/4 o", RequestOptions.builder()
          .header("X-Title", "drive").build()).join();
      results.add(raw.body().getId() + " " + raw.requestId());
      results.add(async.images().createImageEdit(new ImagesEditRequest().model("m").image("data:image/png;base64,AA==")
          .prompt("hat").n(2).provider(new ProviderRoutingOptions().includeAlpha(true))).join().getCreated());
      results.add(new String(async.audio().createSpeech(new SpeechRequest().input("hello")).join().bytes(),
          java.nio.charset.StandardCharsets.UTF_8));
      results.add(async.audio().searchVoices(voiceSearch()).join().getVoices().get(0));
      async.health().getHealth().join();
      results.add("health");
    }
    return results;
  }

  /** An answer that may stream, streamed: through the blocking client, then the asynchronous one. */
  public static List<String> runStreaming(String baseUrl) {
    List<String> deltas = new ArrayList<>();
    try (TestGatewayClient client = TestGatewayClient.builder().apiKey("sk-drive").baseUrl(baseUrl).build()) {
      ChatRequest request = new ChatRequest().model("m");
      // SNIPPET streaming
      try (EventStream<ChatChunk> chunks = client.chat().createChatCompletionStreaming(request)) {
        for (ChatChunk chunk : chunks) {        // as they arrive; the end or close() releases the connection
          deltas.add(chunk.getDelta());
        }
      }
      client.async().chat().createChatCompletionStreaming(request)
          .thenCompose(chunks -> chunks.subscribe(chunk -> deltas.add(chunk.getDelta())))
          .join();                              // the future ends with the stream
      // END SNIPPET
    }
    return deltas;
  }

  /** A list that pages, every item: blocking, then each page without blocking. */
  public static List<String> runPaging(String baseUrl) {
    List<String> ids = new ArrayList<>();
    try (TestGatewayClient client = TestGatewayClient.builder().apiKey("sk-drive").baseUrl(baseUrl).build()) {
      // SNIPPET paging
      KeysApi.ListKeysParams params = new KeysApi.ListKeysParams().offset(1).limit(2);
      for (Key key : client.keys().listKeysAutoPaging(params)) {   // a page a call, as needed, to the last
        ids.add(key.getId());
      }
      client.async().keys().listKeysAutoPaging(params).forEachAsync(key -> ids.add(key.getId())).join();
      // END SNIPPET
    }
    return ids;
  }

  /** A list offered as an RSS feed besides JSON: the feed as text, in both forms. */
  public static List<String> runText(String baseUrl) {
    List<String> feeds = new ArrayList<>();
    try (TestGatewayClient client = TestGatewayClient.builder().apiKey("sk-drive").baseUrl(baseUrl).build()) {
      KeysApi.ListKeysParams params = new KeysApi.ListKeysParams().limit(2);
      // SNIPPET text
      String rss = client.keys().listKeysText(params, "application/rss+xml");   // sent with Accept: application/rss+xml
      // END SNIPPET
      feeds.add(rss);
      feeds.add(client.async().keys().listKeysText(params, "application/rss+xml").join());
      try {
        client.keys().listKeysText(params, "text/html");
      } catch (IllegalArgumentException notOffered) {
        feeds.add(notOffered.getMessage());
      }
    }
    return feeds;
  }

  /**
   * Files both ways: an upload (a file from a path, and an array of two, one of them read from a stream) in each
   * form, then a binary answer written to a file.
   */
  public static List<String> runFiles(String baseUrl, Path dir) throws Exception {
    List<String> results = new ArrayList<>();
    Path batch = Files.write(dir.resolve("batch.jsonl"), "{}".getBytes(StandardCharsets.UTF_8));
    byte[] catPng = {1, 2};
    InputStream dogPng = new java.io.ByteArrayInputStream(new byte[] {3});
    try (TestGatewayClient client = TestGatewayClient.builder().apiKey("sk-drive").baseUrl(baseUrl).build()) {
      // SNIPPET files
      Upload stored = client.uploads().createUpload(new UploadRequest()
          .file(FilePart.of(batch))                              // sent as it is read: application/octet-stream
          .attachments(Arrays.asList(
              FilePart.of(catPng, "cat.png", "image/png"),
              FilePart.of(dogPng, "dog.png", "image/png")))      // a stream is read once: no retry
          .purpose(UploadRequest.PurposeEnum.BATCH));
      // END SNIPPET
      results.add(stored.getId());
      results.add(client.async().uploads().createUpload(new UploadRequest().file(FilePart.of(batch))
          .attachments(Arrays.asList(FilePart.of(catPng, "cat.png", "image/png"),
              FilePart.of(new java.io.ByteArrayInputStream(new byte[] {3}), "dog.png", "image/png")))
          .purpose(UploadRequest.PurposeEnum.BATCH)).get().getId());
      Path out = dir.resolve("hello.mp3");
      // SNIPPET binary
      try (BinaryResponse speech = client.audio().createSpeech(new SpeechRequest().input("hello"))) {
        speech.writeTo(out);                    // or stream(), or bytes() up to 64 MiB; then close
      }
      // END SNIPPET
      results.add(new String(Files.readAllBytes(out), StandardCharsets.UTF_8));
    }
    return results;
  }

  /** A file as an operation's whole body, in both forms: from a path, then from a stream. */
  public static void runBinaryBody(String baseUrl, Path dir) throws Exception {
    Path recording = Files.write(dir.resolve("hello.mp3"), "MP3".getBytes(StandardCharsets.UTF_8));
    try (TestGatewayClient client = TestGatewayClient.builder().apiKey("sk-drive").baseUrl(baseUrl).build()) {
      // SNIPPET upload
      client.uploads().putUploadContent("up-1", FilePart.of(recording));   // the body is the file, streamed
      // END SNIPPET
      client.async().uploads().putUploadContent("up-2", FilePart.of(new java.io.ByteArrayInputStream(
          "ID3".getBytes(StandardCharsets.UTF_8)), "take.mp3", "audio/mpeg")).get();
    }
  }

  /** An url-encoded form: text, an array and numbers, with characters the encoding must escape. */
  private static VoiceSearch voiceSearch() {
    return new VoiceSearch().language("en-GB").accent("Received Pronunciation & co").tags(java.util.Arrays.asList(
        "calm", "warm=soft")).limit(3).neural(true);
  }

  /** Asynchronous calls that break the contract's constraints: each future fails before sending. */
  public static List<java.util.concurrent.CompletableFuture<?>> badCallsAsync(String baseUrl) {
    TestGatewayClientAsync async = TestGatewayClient.builder().apiKey("sk-drive").baseUrl(baseUrl).build().async();
    List<java.util.concurrent.CompletableFuture<?>> calls = new ArrayList<>();
    calls.add(async.images().createImageEdit(new ImagesEditRequest().model("m").image("i").prompt("hat").n(11)));
    calls.add(async.models().withRawResponse().listModels(new ModelsApi.ListModelsParams().limit(101)));
    calls.add(async.models().getModel(null));
    return calls;
  }

  /** Calls that break the contract's constraints; each must throw before sending. */
  public static List<Runnable> badCalls(String baseUrl) {
    TestGatewayClient client = TestGatewayClient.builder().apiKey("sk-drive").baseUrl(baseUrl).build();
    List<Runnable> calls = new ArrayList<>();
    calls.add(() -> client.chat().createChatCompletion(new ChatRequest()));
    calls.add(() -> client.chat().createChatCompletion(new ChatRequest().model("")));
    calls.add(() -> client.chat().createChatCompletion(new ChatRequest().model("m").temperature(new java.math.BigDecimal("2.5"))));
    calls.add(() -> client.models().listModels(new ModelsApi.ListModelsParams().limit(101)));
    calls.add(() -> client.chat().createChatCompletion(new ChatRequest().model("m")
        .stop(java.util.Arrays.asList("a", "b", "c", "d", "e"))));
    calls.add(() -> client.images().createImageEdit(new ImagesEditRequest().model("m").image("i").prompt("hat").n(11)));
    calls.add(() -> client.images().createImageEdit(new ImagesEditRequest()));
    calls.add(() -> client.audio().createSpeech(new SpeechRequest().input(new String(new char[4097]).replace('\0', 'a'))));
    calls.add(() -> client.audio().createSpeech(new SpeechRequest().input("hi").voice("Alloy!")));
    calls.add(() -> client.chat().createChatCompletion(new ChatRequest().model("m")
        .responseFormat(new ChatRequestResponseFormat())));
    calls.add(() -> client.chat().createChatCompletion(new ChatRequest().model("m")
        .responseFormat(new ChatRequestResponseFormat().type(ChatRequestResponseFormat.TypeEnum.fromValue("xml")))));
    calls.add(() -> client.chat().createChatCompletion(new ChatRequest().model("m")
        .responseFormat(new ChatRequestResponseFormat().type(ChatRequestResponseFormat.TypeEnum.TEXT)
            .schemaName("much-too-long"))));
    calls.add(() -> client.models().getModel(null));
    return calls;
  }
}
