package io.github.gatewaysdk.aistats.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.gatewaysdk.aistats.core.RawResponse;
import io.github.gatewaysdk.aistats.core.RequestOptions;
import io.github.gatewaysdk.aistats.core.internal.ApiCore;
import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import io.github.gatewaysdk.aistats.core.internal.MediaTypes;
import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import io.github.gatewaysdk.aistats.errors.UnprocessableEntityException;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An {@code application/x-www-form-urlencoded} operation (openapi/test-contracts/multi-resource.yaml's
 * {@code searchVoices}), its body written by the core's url-encoded encoder as a generated service describes it, is
 * valid for the contract in the mock; a field that breaks the contract is rejected with the field named.
 */
class UrlEncodedFormMockIT {
    private static final ResponseType<JsonNode> VOICES = ResponseType.json(new TypeReference<JsonNode>() {});
    private static MultiResourceMock served;
    private static AiStatsMock mock;
    private static ApiCore core;

    @BeforeAll
    static void start() {
        served = MultiResourceMock.start();
        mock = served.mock();
        core = served.core();
    }

    @AfterAll
    static void stop() {
        if (served != null) {
            served.close();
        }
    }

    private static ApiRequest<JsonNode> search(String language, String... tags) {
        return ApiRequest.builder("POST", "/audio/voices", VOICES).formBody(MediaTypes.URL_ENCODED)
                .part("language", language).part("accent", "Received Pronunciation & co")
                .part("tags", Arrays.asList(tags)).part("limit", 3).part("neural", true).build();
    }

    @Test
    void theEncodedFormIsValidForTheContract() {
        RawResponse<JsonNode> answer = core.executeRaw(search("en-GB", "calm", "warm=soft"), RequestOptions.none());
        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().get("voices").isArray(), answer.body().toString());
        assertNull(answer.header("sl-violations"), answer.header("sl-violations"));
    }

    @Test
    void aFieldThatBreaksTheContractIsRejectedNamingIt() {
        UnprocessableEntityException e = assertThrows(UnprocessableEntityException.class,
                () -> core.execute(search("e", "calm"), RequestOptions.none()));
        assertTrue(e.body().contains("language"), e.body());
    }

    /** A repeated field arrives as the array it is: four tags break the contract's maxItems of three. */
    @Test
    void aRepeatedFieldIsCheckedAsTheWholeArray() {
        assertEquals(200, core.executeRaw(search("en", "a", "b", "c"), RequestOptions.none()).statusCode());
        UnprocessableEntityException e = assertThrows(UnprocessableEntityException.class,
                () -> core.execute(search("en", "a", "b", "c", "d"), RequestOptions.none()));
        assertTrue(e.body().contains("tags"), e.body());
    }
}
