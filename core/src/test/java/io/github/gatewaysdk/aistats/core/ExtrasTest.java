package io.github.gatewaysdk.aistats.core;

import static io.github.gatewaysdk.aistats.core.TestSupport.clientFor;
import static io.github.gatewaysdk.aistats.core.TestSupport.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatewaysdk.aistats.core.TestSupport.Form;
import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the contract has not caught up with, sent per call ({@code extraBodyProperty}, {@code extraQueryParam}): in a
 * JSON body over the request's own properties, in a form as more fields, in the query after the operation's own;
 * what cannot be sent fails before anything is.
 */
class ExtrasTest {
  private static final ResponseType<JsonNode> JSON = ResponseType.json(new TypeReference<JsonNode>() {});

  private FaultServer server;
  private TestClient client;

  @BeforeEach
  void start() throws IOException {
    server = new FaultServer();
    client = clientFor(server.baseUrl(), Timing.SYSTEM).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private static <T> T send(Form form, TestClient client, ApiRequest<T> request, RequestOptions options) {
    return form == Form.BLOCKING ? client.core.execute(request, options)
        : TestSupport.await(client.core.executeAsync(() -> request, options));
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void aJsonBodyGetsTheExtraPropertiesOverItsOwnAndTheQueryTheExtraParameters(Form form) throws IOException {
    server.then(FaultServer.json(200, "{}"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", "m");
    body.put("n", 1);
    ApiRequest<JsonNode> request = ApiRequest.builder("POST", "/chat", JSON).queryParam("a", "1").jsonBody(body)
        .build();
    send(form, client, request, RequestOptions.builder().extraBodyProperty("quality", "high")
        .extraBodyProperty("n", 2).extraQueryParam("beta", "a b").extraQueryParam("beta", "c").build());
    FaultServer.Request sent = server.requests().get(0);
    assertEquals("/v1/chat?a=1&beta=a%20b&beta=c", sent.path());
    assertEquals(new ObjectMapper().readTree("{\"model\":\"m\",\"n\":2,\"quality\":\"high\"}"),
        new ObjectMapper().readTree(sent.body()));
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void aFormGetsTheExtraPropertiesAsMoreFields(Form form) {
    server.then(FaultServer.json(200, "{\"created\":1}"));
    form.edit(client, request(), RequestOptions.builder().extraBodyProperty("quality", "high")
        .extraBodyProperty("image[]", new byte[] {1, 2, 3}).build());
    String body = new String(server.requests().get(0).body(), StandardCharsets.ISO_8859_1);
    assertTrue(body.contains("name=\"quality\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nhigh\r\n"), body);
    assertTrue(body.contains("name=\"image[]\"\r\nContent-Type: application/octet-stream\r\n\r\n\u0001\u0002\u0003\r\n"),
        body);
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void whatCannotBeSentFailsBeforeAnythingIs(Form form) {
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> form.edit(client, request(),
        RequestOptions.builder().extraBodyProperty("model", "other").build()));
    assertEquals("the extra body property model is a field the request already sets: set it on the request instead",
        twice.getMessage());
    ApiRequest<byte[]> get = ApiRequest.absolute("GET", URI.create(server.baseUrl() + "/files/a.png"),
        ResponseType.bytes("*/*")).build();
    IllegalArgumentException noBody = assertThrows(IllegalArgumentException.class, () -> send(form, client, get,
        RequestOptions.builder().extraBodyProperty("quality", "high").build()));
    assertTrue(noBody.getMessage().endsWith("sends no body, so it cannot carry the extra body properties [quality]"),
        noBody.getMessage());
    assertEquals(0, server.requestCount());
  }
}
