package io.github.gatewaysdk.aistats.contract;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One request the SDK sent and the answer it got, as seen on the wire by {@link WireRecorder}.
 *
 * @param callId the {@value WireRecorder#CALL_ID_HEADER} header a test set, or null
 * @param path the request path without the query
 * @param parts the multipart parts in the order sent (empty for other bodies)
 * @param sentProperties request-body property names, dotted for the keys of JSON parts ({@code provider.include_alpha})
 * @param responseHeaders names lower-cased
 * @param responseViolations what the in-JVM validator found wrong with the response, against the contract
 * @param requestBody the request body as text (multipart or JSON), empty without one
 */
record Exchange(String callId, String method, String path, Map<String, List<String>> requestHeaders,
        List<Multipart.Part> parts, Set<String> sentProperties, int status, Map<String, List<String>> responseHeaders,
        String responseBody, List<String> responseViolations, String requestBody) {

    boolean successful() {
        return status >= 200 && status < 300;
    }

    Optional<Multipart.Part> part(String name) {
        return parts.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    Optional<String> requestHeader(String name) {
        return Optional.ofNullable(requestHeaders.get(name.toLowerCase(java.util.Locale.ROOT)))
                .filter(values -> !values.isEmpty()).map(values -> values.get(0));
    }

    @Override
    public String toString() {
        return method + " " + path + " -> " + status + " sent " + sentProperties
                + (responseViolations.isEmpty() ? "" : " response violations " + responseViolations);
    }
}
