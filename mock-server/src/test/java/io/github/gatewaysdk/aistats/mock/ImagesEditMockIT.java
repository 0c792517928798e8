package io.github.gatewaysdk.aistats.mock;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.containsString;

import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.specification.MultiPartSpecification;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The patched Prism on the real contract: POST /images/edits as multipart/form-data. */
@WithAiStatsMock(failOnViolations = false)
class ImagesEditMockIT {

    private static final String PATH = "/images/edits";
    private static String baseUrl;

    @BeforeAll
    static void useSharedMock(AiStatsMock mock) {
        baseUrl = mock.baseUrl();
    }

    private static RequestSpecification authorized() {
        return given().baseUri(baseUrl).header("Authorization", "Bearer test-key");
    }

    private static MultiPartSpecification jsonPart(String name, String json) {
        return new MultiPartSpecBuilder(json).controlName(name).mimeType("application/json").charset("UTF-8").build();
    }

    private static RequestSpecification requiredFields(RequestSpecification request) {
        return request.multiPart("model", "gpt-image-1").multiPart("image", "aW1hZ2U=").multiPart("prompt", "add a hat");
    }

    @Test
    void everyFieldWithJsonProviderPartGetsAContractResponse() {
        requiredFields(authorized())
                .multiPart("mask", "bWFzaw==")
                .multiPart("size", "1024x1024")
                .multiPart("n", "2")
                .multiPart("user", "user-42")
                .multiPart("meta", "true")
                .multiPart("usage", "false")
                .multiPart(jsonPart("provider",
                        "{\"order\":[\"openai\",\"google\"],\"only\":[\"openai\"],\"ignore\":[\"x\"],\"include_alpha\":true}"))
        .when()
                .post(PATH)
        .then()
                .log().ifValidationFails()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("created", instanceOf(Integer.class))
                .body("data", not(empty()))
                .body("data", everyItem(allOf(hasKey("url"), hasKey("b64_json"), hasKey("revised_prompt"))))
                .body("data.url", everyItem(instanceOf(String.class)))
                .body("data.b64_json", everyItem(instanceOf(String.class)))
                .body("data.revised_prompt", everyItem(instanceOf(String.class)));
    }

    @Test
    void providerPartIsValidatedAgainstProviderRoutingOptions() {
        requiredFields(authorized())
                .multiPart(jsonPart("provider", "{\"order\":[\"openai\"],\"include_alpha\":\"notabool\"}"))
        .when()
                .post(PATH)
        .then()
                .log().ifValidationFails()
                .statusCode(422)
                .body("validation.location", hasItem(equalTo(java.util.List.of("body", "provider", "include_alpha"))))
                .body("validation.message", hasItem(containsString("provider.include_alpha must be boolean")));
    }

    @Test
    void providerPartThatIsNotJsonIsRejected() {
        requiredFields(authorized())
                .multiPart(jsonPart("provider", "not json"))
        .when()
                .post(PATH)
        .then()
                .log().ifValidationFails()
                .statusCode(422)
                .body("validation.message", hasItem(containsString("provider must be object")));
    }

    @Test
    void missingBearerTokenIs401() {
        requiredFields(given().baseUri(baseUrl))
        .when()
                .post(PATH)
        .then()
                .log().ifValidationFails()
                .statusCode(401);
    }

    /** Far past the contract's bounds of n, whatever they are, so the test states no bound of its own. */
    @ParameterizedTest
    @CsvSource({"100000, n must be <=", "-100000, n must be >="})
    void nOutsideItsBoundsIs422(String n, String violation) {
        requiredFields(authorized()).multiPart("n", n)
        .when()
                .post(PATH)
        .then()
                .log().ifValidationFails()
                .statusCode(422)
                .body("validation.location", hasItem(equalTo(java.util.List.of("body", "n"))))
                .body("validation.message", hasItem(containsString(violation)));
    }

    @Test
    void missingPromptIs422() {
        authorized().multiPart("model", "gpt-image-1").multiPart("image", "aW1hZ2U=")
        .when()
                .post(PATH)
        .then()
                .log().ifValidationFails()
                .statusCode(422)
                .body("validation.message", hasItem(containsString("required property 'prompt'")));
    }

    @Test
    void jsonBodyIs415() {
        authorized()
                .contentType(ContentType.JSON)
                .body("{\"model\":\"gpt-image-1\",\"image\":\"aW1hZ2U=\",\"prompt\":\"add a hat\"}")
        .when()
                .post(PATH)
        .then()
                .log().ifValidationFails()
                .statusCode(415);
    }

    @Test
    void pathsAreServedWithoutTheV1ServerPath() {
        requiredFields(authorized())
        .when()
                .post("/v1" + PATH)
        .then()
                .log().ifValidationFails()
                .statusCode(404);
    }
}
