package io.github.gatewaysdk.aistats.core.internal;

import io.github.gatewaysdk.aistats.core.ApiEnum;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Internal: not for applications, and free to change in any release. The contract's constraints, checked before
 * anything is sent: generated services call these with the bounds the contract states, so a bad argument costs neither
 * a round trip nor a charge. Each throws {@link IllegalArgumentException} naming the property and the rule; a null
 * value passes every rule but {@link #required}.
 */
public final class Checks {
  private static final int SHOWN_CHARS = 40;

  private Checks() {
  }

  /**
   * @param name the property
   * @param value its value
   */
  public static void required(String name, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " is required, was null");
    }
  }

  /**
   * @param name the property
   * @param value its value
   * @param minimum the contract's minimum
   * @param exclusive whether the minimum itself is excluded
   */
  public static void minimum(String name, Number value, String minimum, boolean exclusive) {
    if (value != null) {
      int compared = new BigDecimal(value.toString()).compareTo(new BigDecimal(minimum));
      if (compared < 0 || (exclusive && compared == 0)) {
        throw new IllegalArgumentException(name + " must be " + (exclusive ? "greater than " : "at least ") + minimum
            + ", was " + value);
      }
    }
  }

  /**
   * @param name the property
   * @param value its value
   * @param maximum the contract's maximum
   * @param exclusive whether the maximum itself is excluded
   */
  public static void maximum(String name, Number value, String maximum, boolean exclusive) {
    if (value != null) {
      int compared = new BigDecimal(value.toString()).compareTo(new BigDecimal(maximum));
      if (compared > 0 || (exclusive && compared == 0)) {
        throw new IllegalArgumentException(name + " must be " + (exclusive ? "less than " : "at most ") + maximum
            + ", was " + value);
      }
    }
  }

  /**
   * @param name the property
   * @param value its value
   * @param minLength the fewest characters (code points) allowed
   */
  public static void minLength(String name, CharSequence value, int minLength) {
    if (value != null && length(value) < minLength) {
      throw new IllegalArgumentException(name + " must have at least " + minLength + " characters, had "
          + length(value));
    }
  }

  /**
   * @param name the property
   * @param value its value
   * @param maxLength the most characters (code points) allowed
   */
  public static void maxLength(String name, CharSequence value, int maxLength) {
    if (value != null && length(value) > maxLength) {
      throw new IllegalArgumentException(name + " must have at most " + maxLength + " characters, had "
          + length(value));
    }
  }

  /**
   * @param name the property
   * @param value its value
   * @param pattern the contract's pattern (ECMA 262, searched anywhere in the value as JSON Schema does)
   */
  public static void pattern(String name, CharSequence value, Pattern pattern) {
    if (value != null && !pattern.matcher(value).find()) {
      String text = value.toString();
      throw new IllegalArgumentException(name + " must match " + pattern.pattern() + ", was \""
          + (text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "...") + "\"");
    }
  }

  /**
   * @param name the property
   * @param value its value, a collection or a map
   * @param minItems the fewest items allowed
   */
  public static void minItems(String name, Object value, int minItems) {
    int size = size(value);
    if (size >= 0 && size < minItems) {
      throw new IllegalArgumentException(name + " must have at least " + minItems + " items, had " + size);
    }
  }

  /**
   * @param name the property
   * @param value its value, a collection or a map
   * @param maxItems the most items allowed
   */
  public static void maxItems(String name, Object value, int maxItems) {
    int size = size(value);
    if (size > maxItems) {
      throw new IllegalArgumentException(name + " must have at most " + maxItems + " items, had " + size);
    }
  }

  /**
   * @param name the property
   * @param value its value: a generated enum (which can hold a value outside the contract's list), or its text
   * @param allowed the contract's values, separated by ", "
   */
  public static void known(String name, Object value, String allowed) {
    if (value == null) {
      return;
    }
    boolean known = value instanceof ApiEnum ? ((ApiEnum) value).isKnown()
        : java.util.Arrays.asList(allowed.split(", ")).contains(String.valueOf(value));
    if (!known) {
      throw new IllegalArgumentException(name + " must be one of " + allowed + ", was " + value);
    }
  }

  private static int size(Object value) {
    if (value instanceof Collection) {
      return ((Collection<?>) value).size();
    }
    if (value instanceof Map) {
      return ((Map<?, ?>) value).size();
    }
    return -1;
  }

  private static int length(CharSequence value) {
    return Character.codePointCount(value, 0, value.length());
  }
}
