package example;

import example.api.ModelsApi;
import example.model.ChatRequest;
import example.model.ChatRequestResponseFormat;
import example.model.ImagesEditRequest;
import example.model.Model;
import example.model.ProviderRoutingOptions;
import example.model.SpeechRequest;
import example.model.VoiceSearch;
import io.github.gatewaysdk.aistats.core.RawResponse;
import io.github.gatewaysdk.aistats.core.RequestOptions;
import java.util.ArrayList;
import java.util.List;

/** Compiled with the generated client: one operation of each resource, as a user writes it. */
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
      try (io.github.gatewaysdk.aistats.core.EventStream<example.model.ChatChunk> chunks =
          client.chat().createChatCompletionStreaming(new ChatRequest().model("m"))) {
        for (example.model.ChatChunk chunk : chunks) {
          deltas.add(chunk.getDelta());
        }
      }
      client.async().chat().createChatCompletionStreaming(new ChatRequest().model("m"))
          .thenCompose(chunks -> chunks.subscribe(chunk -> deltas.add(chunk.getDelta()))).join();
    }
    return deltas;
  }

  /** A list that pages, every item: blocking, then each page without blocking. */
  public static List<String> runPaging(String baseUrl) {
    List<String> ids = new ArrayList<>();
    try (TestGatewayClient client = TestGatewayClient.builder().apiKey("sk-drive").baseUrl(baseUrl).build()) {
      example.api.KeysApi.ListKeysParams params = new example.api.KeysApi.ListKeysParams().offset(1).limit(2);
      for (example.model.Key key : client.keys().listKeysAutoPaging(params)) {
        ids.add(key.getId());
      }
      client.async().keys().listKeysAutoPaging(params).forEachAsync(key -> ids.add(key.getId())).join();
    }
    return ids;
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
