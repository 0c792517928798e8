package io.github.gatewaysdk.aistats.core;

/**
 * A union of the contract ({@code oneOf}/{@code anyOf}): generated unions implement it. The core sends the value it
 * holds, not the union: a query parameter holding a list is the parameter repeated, one holding a text is that text.
 */
public interface ApiUnion {
  /** @return the value of the branch the union holds, as it is written to JSON */
  Object value();
}
