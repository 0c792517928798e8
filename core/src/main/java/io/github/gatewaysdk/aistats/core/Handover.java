package io.github.gatewaysdk.aistats.core;

import java.io.IOException;

/**
 * How an answer's body that a reader hands on to the caller ({@link BinaryResponse}) ends, told to the call that
 * received it: the call goes on (its deadline, a cancel, the client's close) until then.
 */
interface Handover {
  /** @return where the call's steps run: its executor, or the caller's thread for a blocking call */
  java.util.concurrent.Executor executor();

  /** The body was read to its end (its connection goes back to the pool) or closed early (it is dropped). */
  void release();

  /**
   * @param progress how far the body had come, e.g. {@code " after 3 events"}; empty when that says nothing
   * @return the call's typed exception for a failure while the body was read
   */
  RuntimeException failed(IOException e, String progress);

  /**
   * @param what what is wrong with the body, e.g. {@code "event 3 is not the JSON expected: ..."}
   * @return the call's {@link io.github.gatewaysdk.aistats.errors.MalformedResponseException} for it
   */
  RuntimeException malformed(String what, Throwable cause);
}
