package io.github.gatewaysdk.aistats.invoker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The generated client's JSON media-type check, whose fast paths must agree with its pattern. */
class ApiClientMediaTypeTest {
  private static final ApiClient CLIENT = new ApiClient();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "application/json | true",
      "APPLICATION/JSON | true",
      "application/json; charset=UTF-8 | true",
      "application/problem+json | true",
      "Application/Vnd.Company+JSON; v=2 | true",
      "*/* | true",
      "multipart/form-data | false",
      "text/plain | false",
      "application/jsonp | false",
      "application/x-ndjson | false",
      "text/json-ish; a=b | false",
  })
  void isJsonMime(String mime, boolean json) {
    assertEquals(json, CLIENT.isJsonMime(mime));
  }

  @Test
  void nullIsNotJson() {
    assertFalse(CLIENT.isJsonMime(null));
  }
}
