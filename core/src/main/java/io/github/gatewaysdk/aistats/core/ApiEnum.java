package io.github.gatewaysdk.aistats.core;

/**
 * An enumeration of the contract, open to values this client does not know: generated enums implement it. The core
 * sends one as text in a multipart body, as it does a Java enum.
 */
public interface ApiEnum {
  /** @return whether the value is one the contract this client was generated from lists */
  boolean isKnown();
}
