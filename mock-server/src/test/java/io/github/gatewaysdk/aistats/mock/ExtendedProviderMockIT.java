package io.github.gatewaysdk.aistats.mock;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gateway's current provider schema (openapi/test-contracts/extended-provider.yaml) in the patched Prism: every
 * valid value of a union, nullable or enum property is accepted; an invalid one is rejected with the property named.
 * The JSON part is validated without the coercion of text parts, which made a number match a string branch too.
 */
class ExtendedProviderMockIT {
    private static AiStatsMock mock;

    @BeforeAll
    static void start() {
        Path contract = Paths.get("..", "openapi", "test-contracts", "extended-provider.yaml").toAbsolutePath();
        mock = AiStatsMock.start(AiStatsMock.Options.defaults().contractFile(contract));
    }

    @AfterAll
    static void stop() {
        if (mock != null) {
            mock.close();
        }
    }

    private static Response send(String providerJson) {
        return given().baseUri(mock.baseUrl()).header("Authorization", "Bearer test-key")
                .multiPart("model", "gpt-image-1").multiPart("image", "aW1hZ2U=").multiPart("prompt", "add a hat")
                .multiPart("n", "2")
                .multiPart(new MultiPartSpecBuilder(providerJson).controlName("provider").mimeType("application/json")
                        .charset("UTF-8").build())
                .when().post("/images/edits");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"max_price\":{\"prompt\":0.5,\"completion\":\"1.25\",\"image\":2,\"audio\":\"0\",\"request\":0.001}}",
        "{\"sort\":\"price\"}",
        "{\"sort\":{\"by\":\"latency\",\"partition\":\"none\"}}",
        "{\"preferred_min_throughput\":100,\"preferred_max_latency\":{\"p50\":1.5,\"p90\":3}}",
        "{\"allow_fallbacks\":null,\"require_parameters\":true,\"zdr\":false,\"required_data_region\":null}",
        "{\"data_collection\":\"deny\",\"quantizations\":[\"fp8\"],\"enforce_distillable_text\":null}",
        "{\"data_collection\":null,\"quantizations\":null,\"required_execution_region\":\"eu\"}",
    })
    void everyValidValueIsAccepted(String provider) {
        Response response = send(provider);
        assertEquals(200, response.statusCode(), response.asString());
        assertNull(response.header("sl-violations"), response.header("sl-violations"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"max_price\":{\"prompt\":true}}                   | body.provider.max_price.prompt",
        "{\"sort\":[\"price\"]}                               | body.provider.sort",
        "{\"preferred_max_latency\":{\"p50\":\"fast\"}}       | body.provider.preferred_max_latency",
        "{\"data_collection\":\"sometimes\"}                  | body.provider.data_collection",
        "{\"allow_fallbacks\":\"yes\"}                        | body.provider.allow_fallbacks",
    })
    void anInvalidValueIsRejectedNamingTheProperty(String provider, String property) {
        Response response = send(provider);
        assertEquals(422, response.statusCode(), response.asString());
        String body = response.asString();
        assertTrue(body.contains(String.join("\",\"", property.split("\\."))), property + " in " + body);
    }
}
