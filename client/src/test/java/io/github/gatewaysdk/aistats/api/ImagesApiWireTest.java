package io.github.gatewaysdk.aistats.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatewaysdk.aistats.invoker.ApiClient;
import io.github.gatewaysdk.aistats.invoker.ApiException;
import io.github.gatewaysdk.aistats.invoker.Configuration;
import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import io.github.gatewaysdk.aistats.model.ImagesEditResponse;
import io.github.gatewaysdk.aistats.model.ProviderRoutingOptions;
import java.io.DataInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
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

  private CapturingServer server;

  @BeforeEach
  void start() throws Exception {
    server = new CapturingServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Every way a user can build the generated client. */
  static Stream<Arguments> entryPoints() {
    Function<String, ImagesApi> defaultClient = base -> {
      Configuration.getDefaultApiClient().setBasePath(base);
      Configuration.getDefaultApiClient().setBearerToken("sk-test");
      return new ImagesApi();
    };
    Function<String, ImagesApi> ownClient = base -> {
      ApiClient client = new ApiClient();
      client.setBasePath(base);
      client.setBearerToken("sk-test");
      return new ImagesApi(client);
    };
    return Stream.of(Arguments.of("new ImagesApi()", defaultClient), Arguments.of("new ImagesApi(new ApiClient())", ownClient));
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
        .createImageEdit(new ImagesEditRequest().model("gpt-image-1").image(IMAGE).mask(MASK).prompt(PROMPT)
            .size("1024x1024").n(10).user("user-42").meta(true).usage(false).provider(provider));

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
        "size", "1024x1024", "n", "10", "user", "user-42", "meta", "true", "usage", "false");
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
    newApi().createImageEdit(new ImagesEditRequest().model("m").image(IMAGE).prompt("p")
        .provider(new ProviderRoutingOptions().includeAlpha(false)));

    Map<String, CapturingServer.Part> parts = server.take().parts();
    JsonNode provider = JSON.readTree(parts.get("provider").content());
    assertEquals(JSON.readTree("{\"include_alpha\":false}"), provider);
    assertEquals(List.of("image", "model", "prompt", "provider"), parts.keySet().stream().sorted().toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {"model", "image", "prompt"})
  void missingRequiredArgumentFailsBeforeAnythingIsSent(String missing) {
    ImagesApi api = newApi();
    ImagesEditRequest request = new ImagesEditRequest()
        .model(missing.equals("model") ? null : "m")
        .image(missing.equals("image") ? null : IMAGE)
        .prompt(missing.equals("prompt") ? null : "p");
    ApiException error = assertThrows(ApiException.class, () -> api.createImageEdit(request));
    assertTrue(error.getMessage().contains("'" + missing + "'"), error.getMessage());
    assertEquals(0, server.received());
  }

  @Test
  void emptySuccessBodyGivesNull() throws Exception {
    try (CapturingServer empty = new CapturingServer("")) {
      ApiClient client = new ApiClient().setBasePath(empty.baseUrl());
      assertNull(new ImagesApi(client).createImageEdit(new ImagesEditRequest().model("m").image(IMAGE).prompt("p")));
    }
  }

  /** Any spelling of a JSON media type is read as JSON, parameters and case included. */
  @ParameterizedTest
  @ValueSource(strings = {"application/json", "Application/JSON; charset=utf-8", "application/json ; charset=UTF-8",
      "application/vnd.aistats+json"})
  void jsonAnswerIsReadWhateverItsMediaTypeSpelling(String contentType) throws Exception {
    try (CapturingServer json = new CapturingServer(CapturingServer.RESPONSE, contentType)) {
      ImagesEditResponse response = new ImagesApi(new ApiClient().setBasePath(json.baseUrl())).createImageEdit(minimalRequest());
      assertEquals(1732406400, response.getCreated());
    }
  }

  @Test
  void nonJsonAnswerNamesItsMediaType() throws Exception {
    try (CapturingServer binary = new CapturingServer("PNG", "Image/PNG; name=x")) {
      ImagesApi api = new ImagesApi(new ApiClient().setBasePath(binary.baseUrl()));
      ApiException error = assertThrows(ApiException.class, () -> api.createImageEdit(minimalRequest()));
      assertTrue(error.getMessage().contains("content type 'image/png'"), error.getMessage());
    }
  }

  /** The client reuses the last parsed URL; a new base path must still take effect on the next call. */
  @Test
  void newBasePathTakesEffectOnTheNextCall() throws Exception {
    try (CapturingServer other = new CapturingServer()) {
      ImagesApi api = newApi();
      api.createImageEdit(minimalRequest());
      server.take();
      api.getApiClient().setBasePath(other.baseUrl());
      api.createImageEdit(minimalRequest());
      assertEquals("/v1/images/edits", other.take().path());
      assertEquals(0, server.received());
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
    ApiClient client = new ApiClient();
    client.setBasePath(server.baseUrl());
    client.setBearerToken("sk-test");
    return new ImagesApi(client);
  }
}
