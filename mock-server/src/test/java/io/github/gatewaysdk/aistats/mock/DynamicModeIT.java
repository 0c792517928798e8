package io.github.gatewaysdk.aistats.mock;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.empty;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A second, dynamic-mode instance next to the shared static one, as contract tests use it. */
@ExtendWith(PrismMock.Extension.class)
class DynamicModeIT {

    private static PrismMock dynamicFromBeforeAll;
    private static PrismMock fixedFromBeforeAll;

    @BeforeAll
    static void resolveOnce(@PrismMock.Dynamic(seed = 7) PrismMock dynamic, PrismMock fixed) {
        dynamicFromBeforeAll = dynamic;
        fixedFromBeforeAll = fixed;
    }

    @Test
    void dynamicInstanceGeneratesContractShapedResponses(@PrismMock.Dynamic(seed = 7) PrismMock dynamic, PrismMock fixed) {
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
    void instancesAreSharedPerModeAndSeed(@PrismMock.Dynamic(seed = 7) PrismMock dynamic, PrismMock fixed) {
        assertSame(dynamicFromBeforeAll, dynamic, "one dynamic instance per seed for the run");
        assertSame(fixedFromBeforeAll, fixed, "one static instance for the run");
        assertNotEquals(dynamic.pid(), fixed.pid());
    }
}
