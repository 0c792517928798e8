package io.github.gatewaysdk.aistats.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Header names and values a caller may set, and the views of received headers: by any case, redacted, trimmed. */
class HeadersTest {
  @ParameterizedTest
  @ValueSource(strings = {"X-Title", "x", "a0-Z9", "zA", "!#$%&'*+-.^_`|~"})
  void anHttpTokenIsAName(String name) {
    Headers.checkSettable(name, "v");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "X Title", "X:Title", "X\"T", "Ä", "X/T", "@", "[", "{"})
  void anythingElseIsNoNameAndIsNamedInTheMessage(String name) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Headers.checkSettable(name, "v"));
    assertEquals("a header name must be a non-empty HTTP token, was \"" + name + "\"", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Headers.checkSettable(null, "v"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Content-Length", "transfer-encoding", "HOST", "Content-Type", "Connection", "Expect",
      "Upgrade", "TE"})
  void whatTheClientSetsCannotBeSetByHand(String name) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Headers.checkSettable(name, "v"));
    assertTrue(e.getMessage().startsWith("the header " + name + " is set by the client"), e.getMessage());
  }

  @Test
  void aValueIsOneLineOfPrintableAscii() {
    Headers.checkSettable("X-V", "");
    Headers.checkSettable("X-V", " \t!~ spaced\tand tabbed ");
    for (String value : Arrays.asList("a\rb", "a\nb", "\rb", "\nb")) {
      assertEquals("the value of header X-V must be non-null and on one line",
          assertThrows(IllegalArgumentException.class, () -> Headers.checkSettable("X-V", value)).getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Headers.checkSettable("X-V", null));
    for (String value : Arrays.asList("caf\u00e9", "nul\u0000", "\u001f", "\u007f")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Headers.checkSettable("X-V", value));
      assertTrue(e.getMessage().contains("printable ASCII"), e.getMessage());
    }
  }

  @Test
  void fieldValuesEndAtTheAsciiRangesEdges() {
    assertTrue(Headers.isFieldValue("\t ~"));
    assertEquals(false, Headers.isFieldValue("\u0008"));
    assertEquals(false, Headers.isFieldValue("\u007f"));
    assertEquals(false, Headers.isFieldValue("\u0080"));
  }

  @Test
  void receivedHeadersAreLookedUpByAnyCaseWithTheirValuesInOrderAndCannotBeChanged() {
    Map<String, List<String>> map = Headers.toMap(new Header[] {new BasicHeader("Set-Cookie", "a=1"),
        new BasicHeader("X-Request-Id", "r1"), new BasicHeader("set-cookie", "b=2")});
    assertEquals(Arrays.asList("a=1", "b=2"), map.get("SET-COOKIE"));
    assertEquals("r1", Headers.first(map, "x-request-id"));
    assertEquals(2, map.size());
    assertThrows(UnsupportedOperationException.class, () -> map.put("X", Collections.emptyList()));
    assertThrows(UnsupportedOperationException.class, () -> map.get("set-cookie").add("c=3"));
  }

  @Test
  void withoutDropsTheNamedHeadersOfAnyCaseOrGivesBackTheSameMap() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Encoding", Collections.singletonList("gzip"));
    headers.put("Content-Length", Collections.singletonList("12"));
    headers.put("X-Kept", Collections.singletonList("k"));
    Map<String, List<String>> left = Headers.without(headers, "content-encoding", "CONTENT-LENGTH");
    assertEquals(Collections.singleton("X-Kept"), left.keySet());
    assertEquals("k", Headers.first(left, "x-kept"));
    assertThrows(UnsupportedOperationException.class, () -> left.remove("X-Kept"));
    assertSame(headers, Headers.without(headers, "Transfer-Encoding"));
  }

  @Test
  void redactedHidesCredentialsAndMarkedHeadersOnly() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Set-Cookie", Arrays.asList("a=1", "b=2"));
    headers.put("X-Customer", Collections.singletonList("c-1"));
    headers.put("X-Request-Id", Collections.singletonList("r1"));
    Map<String, List<String>> shown = Headers.redacted(headers, Collections.singleton("x-customer"));
    assertEquals(Collections.singletonList(Redaction.REDACTED), shown.get("set-cookie"));
    assertEquals(Collections.singletonList(Redaction.REDACTED), shown.get("X-CUSTOMER"));
    assertEquals(Collections.singletonList("r1"), shown.get("x-request-id"));
    assertThrows(UnsupportedOperationException.class, () -> shown.remove("X-Request-Id"));
    assertEquals(Arrays.asList("a=1", "b=2"), headers.get("Set-Cookie"), "the original is left as it is");
  }

  @Test
  void firstIsTheFirstValueByAnyCaseOrNull() {
    Map<String, List<String>> headers = new LinkedHashMap<>(); // case-sensitive: the lookup falls back to a scan
    headers.put("Retry-After", Arrays.asList("2", "3"));
    headers.put("X-Empty", Collections.emptyList());
    assertEquals("2", Headers.first(headers, "Retry-After"));
    assertEquals("2", Headers.first(headers, "retry-after"));
    assertNull(Headers.first(headers, "X-Empty"));
    assertNull(Headers.first(headers, "x-empty"));
    assertNull(Headers.first(headers, "X-Missing"));
    assertNull(Headers.first(null, "Retry-After"));
  }
}
