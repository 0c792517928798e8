package io.github.gatewaysdk.aistats.core;

import static io.github.gatewaysdk.aistats.core.TestSupport.clientFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.gatewaysdk.aistats.core.TestSupport.Form;
import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import io.github.gatewaysdk.aistats.core.internal.Json;
import io.github.gatewaysdk.aistats.core.internal.MediaTypes;
import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each request body is written by the encoder of its media type; a body no encoder writes fails before sending. */
class BodyEncodersTest {
  private static final ResponseType<JsonNode> JSON_ANSWER = ResponseType.json(new TypeReference<JsonNode>() {});

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

  private static ApiRequest.Builder<JsonNode> voices() {
    return ApiRequest.builder("POST", "/voices", JSON_ANSWER).formBody(MediaTypes.URL_ENCODED);
  }

  /** A value the SDK types, sent as the text of its JSON value, as in a multipart form. */
  enum Accent { @com.fasterxml.jackson.annotation.JsonProperty("en-GB") BRITISH }

  @Test
  void anUrlEncodedFormIsNameValuePairsInTheOrderAddedEscapedAsHtmlFormsAre() throws Exception {
    ApiRequest<JsonNode> request = voices()
        .part("q", "a b&c=d")
        .part("naïve", "ü/€")
        .part("limit", 3)
        .part("tags", Arrays.asList("calm", "warm"))
        .part("neural", true)
        .part("accent", Accent.BRITISH)
        .part("unset", null)
        .build();
    HttpEntity body = new UrlEncodedBody(Json.newMapper()).encode(request);
    assertEquals("application/x-www-form-urlencoded", body.getContentType());
    assertTrue(body.isRepeatable());
    assertEquals("q=a+b%26c%3Dd&na%C3%AFve=%C3%BC%2F%E2%82%AC&limit=3&tags=calm&tags=warm&neural=true&accent=en-GB",
        EntityUtils.toString(body, StandardCharsets.US_ASCII));
  }

  @Test
  void anUrlEncodedFieldWithoutATextFormIsRefusedNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new UrlEncodedBody(Json.newMapper()).encode(voices().part("meta", Collections.singletonMap("a", 1))
            .build()));
    assertEquals("the field meta of POST /voices holds a SingletonMap, which application/x-www-form-urlencoded cannot"
        + " carry: only text, numbers, booleans, enums and arrays of them", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new UrlEncodedBody(Json.newMapper()).encode(voices().part("file", new byte[] {1}).build()));
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void anUrlEncodedFormGoesOnTheWireAsWritten(Form form) throws Exception {
    server.then(FaultServer.json(200, "{\"voices\":[\"ava\"]}"));
    ApiRequest<JsonNode> request = voices().part("language", "en GB").part("tags", Arrays.asList("a", "b")).build();
    JsonNode answer = form == Form.BLOCKING ? client.core.execute(request, RequestOptions.none())
        : client.core.executeAsync(() -> request, RequestOptions.none()).get();
    assertEquals("ava", answer.get("voices").get(0).asText());
    FaultServer.Request sent = server.requests().get(0);
    assertEquals("application/x-www-form-urlencoded", sent.header("Content-Type"));
    assertEquals("language=en+GB&tags=a&tags=b", new String(sent.body(), StandardCharsets.US_ASCII));
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void aBodyOfAMediaTypeNoEncoderWritesFailsBeforeSending(Form form) throws Exception {
    ApiRequest<JsonNode> request = ApiRequest.builder("POST", "/voices", JSON_ANSWER).formBody("text/csv")
        .part("a", "b").build();
    IllegalArgumentException e;
    if (form == Form.BLOCKING) {
      e = assertThrows(IllegalArgumentException.class, () -> client.core.execute(request, RequestOptions.none()));
    } else {
      CompletableFuture<JsonNode> call = client.core.executeAsync(() -> request, RequestOptions.none());
      e = (IllegalArgumentException) assertThrows(ExecutionException.class, call::get).getCause();
    }
    assertEquals("POST /voices has a body of media type text/csv, which this SDK sends only from a file (FilePart);"
        + " forms go as multipart/form-data or application/x-www-form-urlencoded, JSON as application/json",
        e.getMessage());
    assertEquals(0, server.requestCount());
  }

  @Test
  void aRequestHasOneBody() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> voices().part("a", "b").jsonBody(Collections.singletonMap("a", "b")).build());
    assertEquals("a request has one body: a JSON body, a form or a file, not two", e.getMessage());
  }
}
