package io.github.gatewaysdk.aistats.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The guard's matching logic on a small inline contract: it must fail when coverage is missing. */
class LockstepGuardTest {

    private static final String SPEC = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /images/edits:
                post:
                  operationId: createImageEdit
                  requestBody:
                    content:
                      multipart/form-data:
                        schema: {$ref: '#/components/schemas/Edit'}
                  responses: {'200': {description: ok}}
              /models/{model}:
                parameters:
                  - {name: model, in: path, required: true, schema: {type: string}}
                get:
                  operationId: getModel
                  responses: {'200': {description: ok}}
            components:
              schemas:
                Edit:
                  type: object
                  properties:
                    prompt: {type: string}
                    provider: {$ref: '#/components/schemas/Provider'}
                Provider:
                  type: object
                  properties:
                    order: {type: array, items: {type: string}}
                    include_alpha: {type: boolean}
            """;

    private static final Contract CONTRACT = Contract.parse(SPEC);

    @Test
    void readsOperationsAndNestedRequestProperties() {
        List<Contract.Operation> operations = CONTRACT.operations();
        assertEquals(2, operations.size(), operations.toString());
        assertEquals(Set.of("prompt", "provider", "provider.order", "provider.include_alpha"),
                operations.get(0).requestProperties());
        assertEquals(Set.of(), operations.get(1).requestProperties());
    }

    @Test
    void matchesTemplatedPathSegmentsOnly() {
        Contract.Operation getModel = CONTRACT.operations().get(1);
        assertTrue(getModel.matches("GET", "/models/gpt-image-1"));
        assertTrue(getModel.matches("get", "/models/a.b"));
        assertFalse(getModel.matches("GET", "/models/a/b"), "{model} is one segment");
        assertFalse(getModel.matches("GET", "/models/"));
        assertFalse(getModel.matches("POST", "/models/x"));
    }

    @Test
    void completeWhenEveryOperationAndPropertyWasAccepted() {
        LockstepGuard.Coverage coverage = LockstepGuard.check(CONTRACT, List.of(
                multipart("/images/edits", 200, "prompt", "{\"order\":[\"a\"],\"include_alpha\":true}"),
                exchange("GET", "/models/m1", 200, Set.of())));
        assertTrue(coverage.complete(), coverage.report());
    }

    @Test
    void failsOnAnOperationWithoutAcceptedTraffic() {
        LockstepGuard.Coverage coverage = LockstepGuard.check(CONTRACT, List.of(
                multipart("/images/edits", 200, "prompt", "{\"order\":[\"a\"],\"include_alpha\":true}"),
                exchange("GET", "/models/m1", 404, Set.of()),
                exchange("GET", "/other", 200, Set.of())));
        assertFalse(coverage.complete());
        assertEquals("[GET /models/{model}]", coverage.uncoveredOperations().toString());
        assertTrue(coverage.report().contains("- operation GET /models/{model} (getModel)"), coverage.report());
        assertEquals(Set.of("GET /other"), coverage.unmatchedRequests());
    }

    @Test
    void failsOnANestedPropertyNeverSent() {
        LockstepGuard.Coverage coverage = LockstepGuard.check(CONTRACT, List.of(
                multipart("/images/edits", 200, "prompt", "{\"order\":[\"a\"],\"include_alpha\":null}"),
                exchange("GET", "/models/m1", 200, Set.of())));
        assertFalse(coverage.complete());
        assertEquals(Map.of(CONTRACT.operations().get(0), Set.of("provider.include_alpha")),
                coverage.missingProperties());
        assertTrue(coverage.report().contains("- request property provider.include_alpha of POST /images/edits"),
                coverage.report());
    }

    @Test
    void propertiesOfRejectedRequestsDoNotCount() {
        LockstepGuard.Coverage coverage = LockstepGuard.check(CONTRACT, List.of(
                multipart("/images/edits", 200, "prompt", null),
                multipart("/images/edits", 422, "prompt", "{\"order\":[\"a\"],\"include_alpha\":true}"),
                exchange("GET", "/models/m1", 200, Set.of())));
        assertEquals(Set.of("provider", "provider.order", "provider.include_alpha"),
                coverage.missingProperties().get(CONTRACT.operations().get(0)));
    }

    /** A multipart request as the recorder records it, parsed from real multipart bytes. */
    private static Exchange multipart(String path, int status, String prompt, String providerJson) {
        String boundary = "b0undary";
        StringBuilder body = new StringBuilder();
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"prompt\"\r\n")
                .append("Content-Type: text/plain; charset=UTF-8\r\n\r\n").append(prompt).append("\r\n");
        if (providerJson != null) {
            body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"provider\"\r\n")
                    .append("Content-Type: application/json\r\n\r\n").append(providerJson).append("\r\n");
        }
        body.append("--").append(boundary).append("--\r\n");
        List<Multipart.Part> parts = Multipart.parse("multipart/form-data; boundary=" + boundary,
                body.toString().getBytes(StandardCharsets.UTF_8));
        return new Exchange(null, "POST", path, Map.of(), parts, Multipart.propertyNames(parts), status, Map.of(),
                "", List.of(), body.toString());
    }

    private static Exchange exchange(String method, String path, int status, Set<String> sent) {
        return new Exchange(null, method, path, Map.of(), List.of(), sent, status, Map.of(), "", List.of(), "");
    }
}
