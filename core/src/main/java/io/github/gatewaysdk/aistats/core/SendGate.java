package io.github.gatewaysdk.aistats.core;

import java.io.InterruptedIOException;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The last check before a request goes on the wire, run once the attempt holds a connection (by the blocking client's
 * exec chain, and by {@link AsyncExchange}): a call whose client was closed, or whose deadline passed, while it waited for that connection sends
 * nothing, however the connection came free (the gateway bills a request nobody waits for). The call travels in the
 * attempt's context.
 */
final class SendGate {
  static final String NAME = "ai-stats.send-gate";
  private static final String CALL = "ai-stats.call";

  private SendGate() {
  }

  /** Names the attempt's call in its context, for {@link #check}. */
  static void attach(HttpClientContext context, CallState call) {
    context.setAttribute(CALL, call);
  }

  /**
   * @throws InterruptedIOException when the attempt's call may no longer send; the call is aborted then, so that it
   *     fails as closed or past its deadline
   */
  static void check(HttpContext context) throws InterruptedIOException {
    Object call = context.getAttribute(CALL);
    if (call instanceof CallState && !((CallState) call).maySend()) {
      throw new InterruptedIOException("not sent: the call ended while it waited for a connection");
    }
  }
}
