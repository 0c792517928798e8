package io.github.gatewaysdk.aistats.mock;

import java.util.List;

/**
 * One request the mock received.
 * @param method e.g. {@code POST}
 * @param path with the query, e.g. {@code /images/edits}
 * @param status the status it answered, a forced one included
 * @param violations where the request broke the contract, e.g. {@code body.n: Request body property n must be <= 10}
 * @param forced whether the answer came from {@link AiStatsMock#answerNext} rather than from Prism
 */
public record MockCall(String method, String path, int status, List<String> violations, boolean forced) {
    public MockCall {
        violations = List.copyOf(violations);
    }
}
