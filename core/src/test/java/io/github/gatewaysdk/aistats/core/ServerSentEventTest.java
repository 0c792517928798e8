package io.github.gatewaysdk.aistats.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Collections;
import org.junit.jupiter.api.Test;

/** An event as sent: its fields, a value's equality by every field, and a short, readable toString. */
class ServerSentEventTest {
  private final ServerSentEvent event = new ServerSentEvent("delta", "{\"a\":1}", "7", 1500);

  @Test
  void itHoldsItsFieldsAndNeedsAnEventAndData() {
    assertEquals("delta", event.event());
    assertEquals("{\"a\":1}", event.data());
    assertEquals("7", event.id());
    assertEquals(1500, event.retryMillis());
    assertThrows(NullPointerException.class, () -> new ServerSentEvent(null, "d", null, -1));
    assertThrows(NullPointerException.class, () -> new ServerSentEvent("message", null, null, -1));
  }

  @Test
  void eventsAreEqualWhenEveryFieldIs() {
    ServerSentEvent same = new ServerSentEvent("delta", "{\"a\":1}", "7", 1500);
    assertEquals(event, same);
    assertEquals(event.hashCode(), same.hashCode());
    assertNotEquals(event.hashCode(), new ServerSentEvent("m", "d", null, -1).hashCode(), "String hashes are fixed");
    assertEquals(new ServerSentEvent("m", "d", null, -1), new ServerSentEvent("m", "d", null, -1));
    assertNotEquals(event, new ServerSentEvent("other", "{\"a\":1}", "7", 1500));
    assertNotEquals(event, new ServerSentEvent("delta", "{}", "7", 1500));
    assertNotEquals(event, new ServerSentEvent("delta", "{\"a\":1}", "8", 1500));
    assertNotEquals(event, new ServerSentEvent("delta", "{\"a\":1}", null, 1500));
    assertNotEquals(event, new ServerSentEvent("delta", "{\"a\":1}", "7", 1501));
    assertNotEquals(event, "delta");
  }

  @Test
  void toStringShowsTheFieldsItHasAndAtMost200CharactersOfData() {
    assertEquals("ServerSentEvent{event=delta, data={\"a\":1}, id=7, retry=1500}", event.toString());
    assertEquals("ServerSentEvent{event=m, data=d, retry=0}", new ServerSentEvent("m", "d", null, 0).toString());
    assertEquals("ServerSentEvent{event=m, data=d}", new ServerSentEvent("m", "d", null, -1).toString());
    String exactly200 = String.join("", Collections.nCopies(200, "x"));
    assertEquals("ServerSentEvent{event=m, data=" + exactly200 + "}",
        new ServerSentEvent("m", exactly200, null, -1).toString());
    assertEquals("ServerSentEvent{event=m, data=" + exactly200 + "...}",
        new ServerSentEvent("m", exactly200 + "y", null, -1).toString());
  }
}
