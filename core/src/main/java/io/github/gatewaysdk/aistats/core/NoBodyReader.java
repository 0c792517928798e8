package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import org.apache.hc.core5.http.HttpEntity;

/** An operation that answers without a body: whatever arrives is discarded with the exchange. */
final class NoBodyReader implements BodyReader {
  @Override
  public String refusal(ResponseType<?> type, String contentType) {
    return null;
  }

  @Override
  public Object read(ResponseType<?> type, HttpEntity entity, Handover handover) {
    return null;
  }
}
