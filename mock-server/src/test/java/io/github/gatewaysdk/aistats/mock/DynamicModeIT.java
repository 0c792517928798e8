package io.github.gatewaysdk.aistats.mock;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.empty;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A second, dynamic-mode instance next to the shared static one, as contract tests use it. */
@WithAiStatsMock
class DynamicModeIT {

    private static AiStatsMock dynamicFromBeforeAll;
    private static AiStatsMock fixedFromBeforeAll;

    @BeforeAll
    static void resolveOnce(@AiStatsMock.Dynamic(seed = 7) AiStatsMock dynamic, AiStatsMock fixed) {
        dynamicFromBeforeAll = dynamic;
        fixedFromBeforeAll = fixed;
    }

    @Test
    void dynamicInstanceGeneratesContractShapedResponses(@AiStatsMock.Dynamic(seed = 7) AiStatsMock dynamic, AiStatsMock fixed) {
        assertNotEquals(fixed.port(), dynamic.port());
        given().baseUri(dynamic.baseUrl())
                .header("Authorization", "Bearer test-key")
                .multiPart("model", "gpt-image-1").multiPart("image", "aW1hZ2U=").multiPart("prompt", "add a hat")
        .when()
                .post("/images/edits")
        .then()
                .log().ifValidationFails()
                .statusCode(200)
                .body("created", instanceOf(Integer.class))
                .body("data", not(empty()))
                .body("data.url", everyItem(instanceOf(String.class)));
    }

    @Test
    void instancesAreSharedPerModeAndSeed(@AiStatsMock.Dynamic(seed = 7) AiStatsMock dynamic, AiStatsMock fixed) {
        assertSame(dynamicFromBeforeAll, dynamic, "one dynamic instance per seed for the run");
        assertSame(fixedFromBeforeAll, fixed, "one static instance for the run");
        assertNotSame(dynamic, fixed);
    }
}
