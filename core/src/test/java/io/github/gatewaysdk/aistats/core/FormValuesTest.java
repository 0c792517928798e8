package io.github.gatewaysdk.aistats.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gatewaysdk.aistats.core.internal.Json;
import java.io.File;
import java.net.URI;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** Which form values are sent as text (OpenAPI 3.0's scalars), and that text: a union as what it holds. */
class FormValuesTest {
  private final FormValues values = new FormValues(Json.newMapper());

  @Test
  void scalarsAndValuesWrittenAsJsonScalarsAreText() {
    for (Object text : Arrays.asList("s", new StringBuilder("sb"), 3, 2.5, true, URI.create("https://x/y"),
        LocalDate.of(2024, 1, 2), Size.LARGE, (ApiUnion) () -> 7)) {
      assertTrue(values.isText(text), String.valueOf(text));
    }
  }

  @Test
  void filesBytesCollectionsMapsObjectsAndNullAreNotText() {
    for (Object notText : Arrays.asList(null, new byte[] {1}, new File("f"), Paths.get("f"),
        FilePart.of(new byte[0], "f", "image/png"), Collections.singletonList("a"), Collections.singletonMap("a", 1),
        new Point(), (ApiUnion) () -> Collections.singletonList("a"))) {
      assertFalse(values.isText(notText), String.valueOf(notText));
    }
  }

  @Test
  void aListIsTextItemByItem() {
    assertTrue(values.isTextList(Arrays.asList("a", 1, Size.SMALL)));
    assertTrue(values.isTextList(Collections.emptyList()));
    assertFalse(values.isTextList(Arrays.asList("a", new byte[0])));
    assertFalse(values.isTextList("a"));
  }

  @Test
  void theTextIsTheValuesOrItsJsonScalars() {
    assertEquals("s", values.text("s"));
    assertEquals("3", values.text(3));
    assertEquals("false", values.text(false));
    assertEquals("2024-01-02", values.text(LocalDate.of(2024, 1, 2)));
    assertEquals("large", values.text(Size.LARGE));
    assertEquals("7", values.text((ApiUnion) () -> 7));
    assertEquals("https://x/y", values.text(URI.create("https://x/y")));
  }

  /** An enum written as its JSON value, as generated enums are. */
  enum Size {
    SMALL, LARGE;

    @com.fasterxml.jackson.annotation.JsonValue
    String value() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** An object, written to JSON as one. */
  static final class Point {
    public int x = 1;
  }
}
