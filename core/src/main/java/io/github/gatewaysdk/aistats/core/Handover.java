package io.github.gatewaysdk.aistats.core;

import java.io.IOException;

/**
 * How an answer's body that a reader hands on to the caller ({@link BinaryResponse}) ends, told to the call that
 * received it: the call goes on (its deadline, a cancel, the client's close) until then.
 */
interface Handover {
  /** @return where the call's steps run: its executor, or the caller's thread for a blocking call */
  java.util.concurrent.Executor executor();

  /**
   * The reader is done with the body: its connection goes back to the pool if the body ended, else it is dropped.
   *
   * @param atEnd whether the reader stopped at the body's end, or at the end its content marks (an event stream's
   *     {@code [DONE]}): the rest, if any, is then skipped within bounds, and the connection is back in the pool when
   *     this returns, for the next call to take
   */
  void release(boolean atEnd);

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
