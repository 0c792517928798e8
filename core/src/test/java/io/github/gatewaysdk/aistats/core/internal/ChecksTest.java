package io.github.gatewaysdk.aistats.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.gatewaysdk.aistats.core.ApiEnum;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each of the contract's constraints at its edges: just inside passes, just outside fails naming property and rule. */
class ChecksTest {
  private static ApiEnum known(boolean known) {
    return () -> known;
  }

  static Stream<Arguments> passing() {
    return Stream.<Executable>of(
        () -> Checks.required("a", ""),
        () -> Checks.minimum("n", 1, "1", false),
        () -> Checks.minimum("n", 1.5, "1", true),
        () -> Checks.minimum("n", null, "1", true),
        () -> Checks.maximum("n", 10, "10", false),
        () -> Checks.maximum("n", new BigDecimal("9.99"), "10", true),
        () -> Checks.maximum("n", null, "10", true),
        () -> Checks.minLength("s", "ab", 2),
        () -> Checks.minLength("s", null, 2),
        () -> Checks.maxLength("s", "😀😀", 2),
        () -> Checks.maxLength("s", null, 2),
        () -> Checks.pattern("s", "xabc", Pattern.compile("abc")),
        () -> Checks.pattern("s", null, Pattern.compile("^abc$")),
        () -> Checks.minItems("l", List.of(1, 2), 2),
        () -> Checks.minItems("m", Map.of("a", 1), 1),
        () -> Checks.minItems("l", null, 2),
        () -> Checks.maxItems("l", List.of(1, 2), 2),
        () -> Checks.maxItems("l", null, 0),
        () -> Checks.known("e", "b", "a, b"),
        () -> Checks.known("e", known(true), "a, b"),
        () -> Checks.known("e", null, "a, b"))
        .map(Arguments::of);
  }

  @ParameterizedTest
  @MethodSource("passing")
  void aValueTheContractAllowsPasses(Executable check) throws Throwable {
    check.execute();
  }

  static Stream<Arguments> failing() {
    return Stream.of(
        Arguments.of((Executable) () -> Checks.required("a", null), "a is required, was null"),
        Arguments.of((Executable) () -> Checks.minimum("n", 0, "1", false), "n must be at least 1, was 0"),
        Arguments.of((Executable) () -> Checks.minimum("n", 1, "1", true), "n must be greater than 1, was 1"),
        Arguments.of((Executable) () -> Checks.maximum("n", 11, "10", false), "n must be at most 10, was 11"),
        Arguments.of((Executable) () -> Checks.maximum("n", 10.0, "10", true), "n must be less than 10, was 10.0"),
        Arguments.of((Executable) () -> Checks.minLength("s", "😀", 2), "s must have at least 2 characters, had 1"),
        Arguments.of((Executable) () -> Checks.maxLength("s", "abc", 2), "s must have at most 2 characters, had 3"),
        Arguments.of((Executable) () -> Checks.pattern("s", "x".repeat(50), Pattern.compile("^a")),
            "s must match ^a, was \"" + "x".repeat(40) + "...\""),
        Arguments.of((Executable) () -> Checks.pattern("s", "b", Pattern.compile("^a")), "s must match ^a, was \"b\""),
        Arguments.of((Executable) () -> Checks.minItems("l", List.of(1), 2), "l must have at least 2 items, had 1"),
        Arguments.of((Executable) () -> Checks.maxItems("m", Map.of("a", 1, "b", 2), 1),
            "m must have at most 1 items, had 2"),
        Arguments.of((Executable) () -> Checks.known("e", "c", "a, b"), "e must be one of a, b, was c"),
        Arguments.of((Executable) () -> Checks.known("e", known(false), "a, b"), "e must be one of a, b, was "));
  }

  @ParameterizedTest
  @MethodSource("failing")
  void aValueTheContractForbidsFailsNamingPropertyAndRule(Executable check, String message) {
    String thrown = assertThrows(IllegalArgumentException.class, check).getMessage();
    assertEquals(message, message.endsWith("was ") ? thrown.substring(0, message.length()) : thrown);
  }
}
