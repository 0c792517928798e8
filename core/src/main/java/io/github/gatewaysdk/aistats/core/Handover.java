package io.github.gatewaysdk.aistats.core;

import java.io.IOException;

/**
 * How an answer's body that a reader hands on to the caller ({@link BinaryResponse}) ends, told to the call that
 * received it: the call goes on (its deadline, a cancel, the client's close) until then.
 */
interface Handover {
  /** The body was read to its end (its connection goes back to the pool) or closed early (it is dropped). */
  void release();

  /** @return the call's typed exception for a failure while the body was read */
  RuntimeException failed(IOException e);
}
