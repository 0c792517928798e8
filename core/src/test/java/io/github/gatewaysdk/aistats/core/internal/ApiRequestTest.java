package io.github.gatewaysdk.aistats.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gatewaysdk.aistats.core.ApiUnion;
import io.github.gatewaysdk.aistats.core.FilePart;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A request as generated code describes it: path and query encoded, one body, and the copies a call's options make. */
class ApiRequestTest {
  private static final ApiUnion UNION = () -> "from union";

  /** A template is the contract's: one it cannot expand names itself rather than failing on an index. */
  @Test
  void aPathTemplateWithAnUnclosedParameterIsRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ApiRequest.builder("GET", "/models/{model", ResponseType.text()).pathParam("model", "m").build());
    assertEquals("path template /models/{model opens a parameter at 8 that it does not close with '}'",
        e.getMessage());
  }

  @Test
  void pathParametersAreEncodedAsOneSegmentEach() {
    ApiRequest<String> request = ApiRequest.builder("get", "/models/{model}/versions/{v}", ResponseType.text())
        .pathParam("model", "a/b c~").pathParam("v", 3).build();
    assertEquals("/models/a%2Fb%20c%7E/versions/3", request.path());
    assertEquals("GET", request.method());
    assertEquals("GET /models/{model}/versions/{v}", request.operation());
    assertNull(request.query());
    assertNull(request.absoluteUrl());
    assertEquals("/fixed", ApiRequest.builder("GET", "/fixed", ResponseType.text()).build().path());
    assertEquals("v/w", ApiRequest.builder("GET", "{a}/{b}", ResponseType.text()).pathParam("a", "v")
        .pathParam("b", "w").build().path(), "a template may start with a parameter");
    assertEquals("/x/from%20union", ApiRequest.builder("GET", "/x/{u}", ResponseType.text()).pathParam("u", UNION)
        .build().path());
  }

  @Test
  void aMissingOrEmptyPathParameterIsRefusedByName() {
    assertEquals("model is required, was null", assertThrows(IllegalArgumentException.class,
        () -> ApiRequest.builder("GET", "/models/{model}", ResponseType.text()).build()).getMessage());
    assertEquals("model is required, was null", assertThrows(IllegalArgumentException.class,
        () -> ApiRequest.builder("GET", "/models/{model}", ResponseType.text()).pathParam("model", null).build())
        .getMessage());
    assertEquals("model must not be empty", assertThrows(IllegalArgumentException.class,
        () -> ApiRequest.builder("GET", "/models/{model}", ResponseType.text()).pathParam("model", "").build())
        .getMessage());
  }

  @Test
  void queryParametersAreEncodedRepeatedForEachItemAndLeftOutWhenNull() {
    ApiRequest<String> request = ApiRequest.builder("GET", "/list", ResponseType.text())
        .queryParam("q", "a&b=c d~").queryParam("none", null).queryParam("ids", Arrays.asList(1, 2))
        .queryParam("u", UNION).build();
    assertEquals("q=a%26b%3Dc%20d~&ids=1&ids=2&u=from%20union", request.query());
  }

  @Test
  void headersAreCheckedAndANullOneLeftOut() {
    ApiRequest<String> request = ApiRequest.builder("GET", "/h", ResponseType.text()).header("X-A", 1)
        .header("X-None", null).header("X-U", UNION).build();
    assertEquals(Arrays.asList("X-A", "X-U"), Arrays.asList(request.headers().keySet().toArray()));
    assertEquals("1", request.headers().get("X-A"));
    assertEquals("from union", request.headers().get("X-U"));
    assertThrows(UnsupportedOperationException.class, () -> request.headers().put("X-B", "b"));
    assertThrows(IllegalArgumentException.class,
        () -> ApiRequest.builder("GET", "/h", ResponseType.text()).header("Host", "evil"));
  }

  @ParameterizedTest
  @CsvSource({"GET, true", "HEAD, true", "PUT, true", "DELETE, true", "OPTIONS, true", "POST, false",
      "PATCH, false", "put, true"})
  void idempotentMethodsAreThoseOfRfc9110(String method, boolean idempotent) {
    assertEquals(idempotent, ApiRequest.builder(method, "/r", ResponseType.text()).build().idempotent());
  }

  @Test
  void eachKindOfBodyNamesItsMediaType() {
    ApiRequest<String> json = ApiRequest.builder("POST", "/j", ResponseType.text()).jsonBody("x").build();
    assertEquals(MediaTypes.JSON, json.bodyMediaType());
    assertEquals("x", json.jsonBody());
    assertNull(json.parts());
    ApiRequest<String> multipart = ApiRequest.builder("POST", "/m", ResponseType.text()).part("a", 1)
        .part("skipped", null).build();
    assertEquals(MediaTypes.MULTIPART, multipart.bodyMediaType());
    assertEquals(1, multipart.parts().size());
    assertEquals("a", multipart.parts().get(0).name());
    assertEquals(1, multipart.parts().get(0).value());
    ApiRequest<String> form = ApiRequest.builder("POST", "/f", ResponseType.text())
        .formBody(MediaTypes.URL_ENCODED).build();
    assertEquals(MediaTypes.URL_ENCODED, form.bodyMediaType());
    assertEquals(Collections.emptyList(), form.parts(), "a form without fields is still a form");
    FilePart file = FilePart.of("png".getBytes(StandardCharsets.UTF_8), "a.png", "image/png");
    ApiRequest<String> binary = ApiRequest.builder("PUT", "/b", ResponseType.text())
        .binaryBody(file, "image/png").build();
    assertEquals("image/png", binary.bodyMediaType());
    assertSame(file, binary.binaryBody());
    ApiRequest<String> none = ApiRequest.builder("GET", "/n", ResponseType.text()).build();
    assertNull(none.bodyMediaType());
    assertTrue(none.authenticated());
    assertFalse(ApiRequest.builder("GET", "/n", ResponseType.text()).authenticated(false).build().authenticated());
  }

  @Test
  void aRequestHasOneBody() {
    assertThrows(IllegalStateException.class,
        () -> ApiRequest.builder("POST", "/x", ResponseType.text()).jsonBody("a").part("p", 1).build());
    assertThrows(IllegalStateException.class, () -> ApiRequest.builder("POST", "/x", ResponseType.text())
        .jsonBody("a").binaryBody(FilePart.of(new byte[0], "f", "image/png"), "image/png").build());
    assertThrows(IllegalStateException.class, () -> ApiRequest.builder("POST", "/x", ResponseType.text())
        .part("p", 1).binaryBody(FilePart.of(new byte[0], "f", "image/png"), "image/png").build());
  }

  @Test
  void additionalPartsAreAddedUnlessTheRequestSetsThemAlready() {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("b", 2);
    extra.put("c", null);
    ApiRequest<String> request = ApiRequest.builder("POST", "/m", ResponseType.text()).part("a", 1)
        .additionalParts(extra).build();
    assertEquals(Arrays.asList("a", "b"), names(request.parts()));
    assertEquals(Collections.singletonList("b"), names(ApiRequest.builder("POST", "/m", ResponseType.text())
        .additionalParts(Collections.singletonMap("b", 2)).build().parts()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ApiRequest.builder("POST", "/m", ResponseType.text()).part("a", 1)
            .additionalParts(Collections.singletonMap("a", 2)));
    assertTrue(e.getMessage().startsWith("the additional property a is a property the request already sets"));
  }

  @Test
  void anAbsoluteRequestCarriesNoKeyAndNamesItsUrlRedacted() {
    ApiRequest<byte[]> request = ApiRequest.absolute("GET", URI.create("https://cdn.example/i%20a.png?sig=k"),
        ResponseType.bytes("*/*")).build();
    assertFalse(request.authenticated());
    assertEquals("GET https://cdn.example/i%20a.png?<redacted>", request.operation());
    assertEquals("/i%20a.png", request.path());
    assertEquals(URI.create("https://cdn.example/i%20a.png?sig=k"), request.absoluteUrl());
  }

  @Test
  void extrasAreAddedToTheQueryTheJsonBodyOrTheForm() {
    ApiRequest<String> plain = ApiRequest.builder("GET", "/l", ResponseType.text()).queryParam("a", 1).build();
    assertSame(plain, plain.withExtras(Collections.emptyMap(), Collections.emptyMap()));
    ApiRequest<String> queried = plain.withExtras(Collections.emptyMap(),
        Collections.singletonMap("x y", Arrays.asList("1", "2~")));
    assertEquals("a=1&x%20y=1&x%20y=2~", queried.query());
    assertEquals("a=1", plain.query(), "the original is left as it is");
    ApiRequest<String> bare = ApiRequest.builder("GET", "/l", ResponseType.text()).build();
    assertEquals("b=2", bare.withExtras(Collections.emptyMap(), Collections.singletonMap("b",
        Collections.singletonList("2"))).query());
    assertNull(bare.withExtras(Collections.emptyMap(), Collections.singletonMap("b",
        Collections.emptyList())).query());

    ApiRequest<String> json = ApiRequest.builder("POST", "/j", ResponseType.text()).jsonBody("{}").build()
        .streamed(ResponseType.text(), "stream");
    ApiRequest<String> extended = json.withExtras(Collections.singletonMap("seed", 7), Collections.emptyMap());
    assertEquals(Arrays.asList("stream", "seed"), Arrays.asList(extended.bodyProperties().keySet().toArray()));
    assertNull(extended.query());

    ApiRequest<String> form = ApiRequest.builder("POST", "/m", ResponseType.text()).part("a", 1).build();
    ApiRequest<String> fields = form.withExtras(Collections.singletonMap("b", 2), Collections.emptyMap());
    assertEquals(Arrays.asList("a", "b"), names(fields.parts()));
    assertEquals(Collections.singletonList("a"), names(form.parts()));
  }

  @Test
  void extraBodyPropertiesNeedABodyWithProperties() {
    Map<String, Object> extra = Collections.singletonMap("a", 2);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ApiRequest.builder("GET", "/n",
        ResponseType.text()).build().withExtras(extra, Collections.emptyMap())).getMessage()
        .contains("sends no body"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ApiRequest.builder("PUT", "/b",
        ResponseType.text()).binaryBody(FilePart.of(new byte[0], "f", "image/png"), "image/png").build()
        .withExtras(extra, Collections.emptyMap())).getMessage().contains("sends a file as its whole body"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ApiRequest.builder("POST", "/m",
        ResponseType.text()).part("a", 1).build().withExtras(extra, Collections.emptyMap())).getMessage()
        .startsWith("the extra body property a is a field the request already sets"));
  }

  @Test
  void aStreamedCopySetsItsFlagInTheJsonBodyAndIsReadAsAsked() {
    ApiRequest<String> request = ApiRequest.builder("POST", "/chat", ResponseType.text())
        .jsonBody(Collections.singletonMap("m", 1)).header("X-A", "a").build();
    ApiRequest<byte[]> streamed = request.streamed(ResponseType.bytes("*/*"), "stream");
    assertEquals(Collections.singletonMap("stream", Boolean.TRUE), streamed.bodyProperties());
    assertEquals("*/*", streamed.responseType().accept());
    assertEquals(request.operation(), streamed.operation());
    assertEquals(request.headers(), streamed.headers());
    assertSame(request.jsonBody(), streamed.jsonBody());
    assertEquals(Collections.emptyMap(), request.bodyProperties());
    ApiRequest<byte[]> unflagged = request.streamed(ResponseType.bytes("*/*"), null);
    assertEquals(Collections.emptyMap(), unflagged.bodyProperties());
    assertEquals("*/*", unflagged.responseType().accept());
    assertEquals("GET /n has no JSON body to set stream in", assertThrows(IllegalStateException.class,
        () -> ApiRequest.builder("GET", "/n", ResponseType.text()).build().streamed(ResponseType.text(), "stream"))
        .getMessage());
  }

  private static List<String> names(List<ApiRequest.FormPart> parts) {
    List<String> names = new java.util.ArrayList<>();
    parts.forEach(part -> names.add(part.name()));
    return names;
  }
}
