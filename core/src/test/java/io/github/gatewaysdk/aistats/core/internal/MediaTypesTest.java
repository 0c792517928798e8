package io.github.gatewaysdk.aistats.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The core's few media-type tests, made by hand: essence, JSON, and a range matching a type. */
class MediaTypesTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "application/json | application/json",
      "Application/JSON; charset=UTF-8 | application/json",
      "  text/plain ;q=1 | text/plain",
      "multipart/form-data; boundary=x;y | multipart/form-data"})
  void theEssenceIsTypeAndSubtypeInLowerCaseWithoutParameters(String contentType, String essence) {
    assertEquals(essence, MediaTypes.essence(contentType));
  }

  @Test
  void aTypeThatIsAllParametersHasAnEmptyEssence() {
    assertEquals("", MediaTypes.essence("; charset=utf-8"));
  }

  @ParameterizedTest
  @CsvSource({"application/json, true", "application/problem+json, true", "application/jsonl, false",
      "text/json-seq, false", "application/json+xml, false"})
  void jsonIsApplicationJsonOrASuffixedType(String essence, boolean json) {
    assertEquals(json, MediaTypes.isJson(essence));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "*/* | image/png",
      "image/png | image/png",
      "Image/PNG; q=0.9 | image/png",
      "image/* | image/webp",
      "audio/* ;q=1 | audio/mpeg"})
  void aRangeMatchesTheTypesItNames(String range, String essence) {
    assertTrue(MediaTypes.matches(range, essence));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "image/png | image/jpeg",
      "image/* | imagery/png",
      "image/* | audio/image",
      "image/png | image/pngx",
      "text/plain | text/*"})
  void aRangeMatchesNoOtherType(String range, String essence) {
    assertFalse(MediaTypes.matches(range, essence));
  }
}
