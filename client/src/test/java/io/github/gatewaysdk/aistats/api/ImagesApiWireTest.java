package io.github.gatewaysdk.aistats.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatewaysdk.aistats.AiStatsClient;
import io.github.gatewaysdk.aistats.core.internal.ApiCore;
import io.github.gatewaysdk.aistats.core.ClientBuilder;
import io.github.gatewaysdk.aistats.errors.MalformedResponseException;
import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import io.github.gatewaysdk.aistats.model.ImagesEditResponse;
import io.github.gatewaysdk.aistats.model.ProviderRoutingOptions;
import java.io.DataInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the generated ImagesApi puts on the wire, byte for byte, captured by a local server. */
class ImagesApiWireTest {

  private static final String PROMPT = "猫に帽子をかぶせて 🎩 — «s'il vous plaît»";
  private static final String IMAGE = "data:image/png;base64,iVBORw0KGgo=";
  private static final String MASK = "https://example.com/mask.png";
  private static final String TEXT_UTF8 = "text/plain; charset=UTF-8";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<AutoCloseable> OPENED = new ArrayList<>();
  private CapturingServer server;

  @BeforeEach
  void start() throws Exception {
    server = new CapturingServer();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    for (AutoCloseable opened : OPENED) {
      opened.close();
    }
    OPENED.clear();
  }

  private static <T extends AutoCloseable> T opened(T closeable) {
    OPENED.add(closeable);
    return closeable;
  }

  private static ApiCore core(String base) {
    return opened(new ClientBuilder<ApiCore>(base, core -> core) {}.apiKey("sk-test").build());
  }

  /** Every way a user can reach the generated service: both go through the client's core. */
  static Stream<Arguments> entryPoints() {
    Function<String, ImagesApi> client = base ->
        opened(AiStatsClient.builder().apiKey("sk-test").baseUrl(base).build()).images();
    Function<String, ImagesApi> byHand = base -> new ImagesApi(core(base));
    return Stream.of(Arguments.of("client.images()", client), Arguments.of("new ImagesApi(core)", byHand));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entryPoints")
  void everyFieldIsAPartAsTheContractSays(String entryPoint, Function<String, ImagesApi> build) throws Exception {
    ProviderRoutingOptions provider = new ProviderRoutingOptions()
        .order(List.of("openai", "google"))
        .only(List.of("openai"))
        .ignore(List.of("black-forest-labs"))
        .includeAlpha(true);

    ImagesEditResponse response = build.apply(server.baseUrl())
        .edit(new ImagesEditRequest().model("gpt-image-1").image(IMAGE).mask(MASK).prompt(PROMPT)
            .size("1024x1024").n(2).user("user-42").meta(true).usage(false).provider(provider));

    CapturingServer.Request request = server.take();
    assertEquals("POST", request.method());
    assertEquals("/v1/images/edits", request.path());
    assertEquals("Bearer sk-test", request.header("authorization"));
    assertTrue(request.header("content-type").startsWith("multipart/form-data; boundary="),
        request.header("content-type"));

    Map<String, CapturingServer.Part> parts = request.parts();
    assertEquals(List.of("model", "image", "mask", "prompt", "size", "n", "user", "meta", "usage", "provider").stream().sorted().toList(),
        parts.keySet().stream().sorted().toList());
    Map<String, String> texts = Map.of("model", "gpt-image-1", "image", IMAGE, "mask", MASK, "prompt", PROMPT,
        "size", "1024x1024", "n", "2", "user", "user-42", "meta", "true", "usage", "false");
    texts.forEach((name, value) -> {
      CapturingServer.Part part = parts.get(name);
      assertEquals(TEXT_UTF8, part.contentType(), name);
      assertEquals("form-data; name=\"" + name + "\"", part.headers().get("content-disposition"), name);
      assertEquals(value, part.text(), name);
    });

    CapturingServer.Part providerPart = parts.get("provider");
    assertEquals("application/json; charset=UTF-8", providerPart.contentType());
    assertEquals(JSON.readTree("{\"order\":[\"openai\",\"google\"],\"only\":[\"openai\"],"
        + "\"ignore\":[\"black-forest-labs\"],\"include_alpha\":true}"), JSON.readTree(providerPart.content()));

    assertEquals(1732406400, response.getCreated());
    assertEquals("hello", new String(java.util.Base64.getDecoder().decode(response.getData().get(0).getB64Json())));
    assertEquals("a cat", response.getData().get(0).getRevisedPrompt());
  }

  @Test
  void providerPartCarriesOnlyTheFieldsThatWereSet() throws Exception {
    newApi().edit(new ImagesEditRequest().model("m").image(IMAGE).prompt("p")
        .provider(new ProviderRoutingOptions().includeAlpha(false)));

    Map<String, CapturingServer.Part> parts = server.take().parts();
    JsonNode provider = JSON.readTree(parts.get("provider").content());
    assertEquals(JSON.readTree("{\"include_alpha\":false}"), provider);
    assertEquals(List.of("image", "model", "prompt", "provider"), parts.keySet().stream().sorted().toList());
  }

  /** What the gateway accepts before its contract lists it goes out as parts too, as OpenAPI 3.0 encodes them. */
  @Test
  void additionalPropertiesOfTheFormAreParts() throws Exception {
    ImagesEditRequest request = new ImagesEditRequest().model("m").image(IMAGE).prompt("p");
    request.putAdditionalProperty("background", "transparent");
    request.putAdditionalProperty("quality_hints", List.of("sharp", "warm"));
    request.putAdditionalProperty("style", Map.of("tone", "warm"));
    newApi().edit(request);

    Map<String, CapturingServer.Part> parts = server.take().parts();
    assertEquals("transparent", parts.get("background").text());
    assertEquals(JSON.readTree("{\"tone\":\"warm\"}"), JSON.readTree(parts.get("style").content()));
    assertEquals("application/json; charset=UTF-8", parts.get("style").contentType());
    assertTrue(parts.containsKey("quality_hints"), parts.keySet().toString());

    ImagesEditRequest twice = new ImagesEditRequest().model("m").image(IMAGE).prompt("p");
    twice.putAdditionalProperty("prompt", "again");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> newApi().edit(twice));
    assertEquals("the additional property prompt is a property the request already sets: set it with its own setter"
        + " only", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"model", "image", "prompt"})
  void missingRequiredArgumentFailsBeforeAnythingIsSent(String missing) {
    ImagesApi api = newApi();
    ImagesEditRequest request = new ImagesEditRequest()
        .model(missing.equals("model") ? null : "m")
        .image(missing.equals("image") ? null : IMAGE)
        .prompt(missing.equals("prompt") ? null : "p");
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> api.edit(request));
    assertEquals(missing + " is required, was null", error.getMessage());
    assertEquals(0, server.received());
  }

  @Test
  void emptySuccessBodyIsMalformed() throws Exception {
    try (CapturingServer empty = new CapturingServer("")) {
      ImagesApi api = new ImagesApi(core(empty.baseUrl()));
      MalformedResponseException error = assertThrows(MalformedResponseException.class, () -> api.edit(minimalRequest()));
      assertTrue(error.getMessage().contains("the body was empty"), error.getMessage());
    }
  }

  /** Any spelling of a JSON media type is read as JSON, parameters and case included. */
  @ParameterizedTest
  @ValueSource(strings = {"application/json", "Application/JSON; charset=utf-8", "application/json ; charset=UTF-8",
      "application/vnd.aistats+json"})
  void jsonAnswerIsReadWhateverItsMediaTypeSpelling(String contentType) throws Exception {
    try (CapturingServer json = new CapturingServer(CapturingServer.RESPONSE, contentType)) {
      ImagesEditResponse response = new ImagesApi(core(json.baseUrl())).edit(minimalRequest());
      assertEquals(1732406400, response.getCreated());
    }
  }

  @Test
  void nonJsonAnswerNamesItsMediaType() throws Exception {
    try (CapturingServer binary = new CapturingServer("PNG", "Image/PNG; name=x")) {
      ImagesApi api = new ImagesApi(core(binary.baseUrl()));
      MalformedResponseException error = assertThrows(MalformedResponseException.class, () -> api.edit(minimalRequest()));
      assertTrue(error.getMessage().contains("expected a JSON body but got Image/PNG; name=x"), error.getMessage());
    }
  }

  /** The jar must run on Java 8: its classes are version 52 class files. */
  @Test
  void classesAreJava8Bytecode() throws Exception {
    try (InputStream in = ImagesApi.class.getResourceAsStream("ImagesApi.class")) {
      DataInputStream data = new DataInputStream(in);
      assertEquals(0xCAFEBABE, data.readInt());
      data.readUnsignedShort();
      assertEquals(52, data.readUnsignedShort());
    }
  }

  private static ImagesEditRequest minimalRequest() {
    return new ImagesEditRequest().model("m").image(IMAGE).prompt("p");
  }

  private ImagesApi newApi() {
    return new ImagesApi(core(server.baseUrl()));
  }
}
