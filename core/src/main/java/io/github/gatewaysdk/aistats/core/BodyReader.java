package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import java.io.IOException;
import org.apache.hc.core5.http.HttpEntity;

/**
 * Reads the body of a successful answer into what an operation returns, for one kind of answer
 * ({@link ResponseType.Kind}, which the generator chose from the contract). {@link ClientCore} holds one per kind: a
 * new kind of answer is a new class beside {@link JsonReader}, {@link BytesReader}, {@link TextReader},
 * {@link NoBodyReader} and {@link StreamReader}, listed there.
 */
interface BodyReader {
  /**
   * @param type what the operation expects
   * @param contentType the answer's Content-Type, or null when it has none (given the benefit of the doubt)
   * @return null when a body of that type is one this reader reads; else what was expected, for the error message
   */
  String refusal(ResponseType<?> type, String contentType);

  /**
   * @param type what the operation expects
   * @param entity the answer's body, inflated as it is read; null when the answer has none
   * @param handover for a reader that {@link #handsOn} the body, how its end reaches the call; else null
   * @return what the call returns
   * @throws Malformed when the body is not what the operation answers with
   * @throws IOException when reading fails or a bound is passed
   *     ({@link io.github.gatewaysdk.aistats.core.internal.Bodies})
   */
  Object read(ResponseType<?> type, HttpEntity entity, Handover handover) throws IOException;

  /**
   * @return whether the reader hands the body on to the caller, who reads it after the call returned (the call then
   *     goes on until the caller is done); else the body is read, and its connection released, before the call returns
   */
  default boolean handsOn() {
    return false;
  }

  /** A body that is not what the operation answers with. */
  final class Malformed extends IOException {
    private static final long serialVersionUID = 1L;
    /** What of the body the error shows, or null. */
    final String body;

    Malformed(String message, String body) {
      super(message);
      this.body = body;
    }
  }
}
