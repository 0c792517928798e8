package io.github.gatewaysdk.aistats.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.gatewaysdk.aistats.core.ClientBuilder;
import io.github.gatewaysdk.aistats.core.EventStream;
import io.github.gatewaysdk.aistats.core.RawResponse;
import io.github.gatewaysdk.aistats.core.RequestOptions;
import io.github.gatewaysdk.aistats.core.internal.ApiCore;
import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import io.github.gatewaysdk.aistats.core.internal.MediaTypes;
import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import io.github.gatewaysdk.aistats.errors.MalformedResponseException;
import io.github.gatewaysdk.aistats.errors.UnprocessableEntityException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What the build's own contract may not have, against the mock serving openapi/test-contracts/multi-resource.yaml,
 * each request described as a generated service describes it and sent through a client's core.
 */
class MultiResourceMockIT {
    private static final ResponseType<JsonNode> JSON = ResponseType.json(new TypeReference<JsonNode>() {});
    private static final ResponseType<EventStream<JsonNode>> CHUNKS =
            ResponseType.events(new TypeReference<JsonNode>() {});
    private static AiStatsMock mock;
    private static ApiCore core;

    @BeforeAll
    static void start() {
        mock = AiStatsMock.start(AiStatsMock.Options.defaults().contractFile(
                Paths.get("..", "openapi", "test-contracts", "multi-resource.yaml").toAbsolutePath()));
        core = new ClientBuilder<ApiCore>(mock.baseUrl(), built -> built) {}.apiKey("sk-test").maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        if (core != null) {
            core.close();
        }
        if (mock != null) {
            mock.close();
        }
    }

    @AfterEach
    void reset() {
        mock.reset();
    }

    /**
     * An {@code application/x-www-form-urlencoded} operation ({@code searchVoices}), its body written by the core's
     * url-encoded encoder, is valid for the contract in the mock; a field that breaks the contract is rejected with
     * the field named.
     */
    @Nested
    class UrlEncodedForms {
        private static ApiRequest<JsonNode> search(String language, String... tags) {
            return ApiRequest.builder("POST", "/audio/voices", JSON).formBody(MediaTypes.URL_ENCODED)
                    .part("language", language).part("accent", "Received Pronunciation & co")
                    .part("tags", Arrays.asList(tags)).part("limit", 3).part("neural", true).build();
        }

        @Test
        void theEncodedFormIsValidForTheContract() {
            RawResponse<JsonNode> answer = core.executeRaw(search("en-GB", "calm", "warm=soft"),
                    RequestOptions.none());
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

    /**
     * Event streams, which Prism 5 cannot answer, answered by the mock's front ({@code createChatCompletion}, whose
     * success may stream {@code ChatChunk}s): a streaming call gets events that follow the stream's schema after
     * Prism validated the request; a test can force the events, and a stream that breaks mid-way.
     */
    @Nested
    class Streams {
        private static EventStream<JsonNode> stream(String model) {
            ApiRequest<JsonNode> request = ApiRequest.builder("POST", "/chat/completions", JSON)
                    .jsonBody(Map.of("model", model)).build();
            return core.execute(request.streamed(CHUNKS, "stream"), RequestOptions.none());
        }

        private static List<JsonNode> read(EventStream<JsonNode> events) {
            List<JsonNode> all = new ArrayList<>();
            try (events) {
                events.forEach(all::add);
            }
            return all;
        }

        @Test
        void aStreamingCallGetsEventsThatFollowTheStreamsSchema() {
            List<JsonNode> chunks = read(stream("m"));
            assertEquals(EventStreams.EVENTS, chunks.size());
            for (JsonNode chunk : chunks) {
                assertTrue(chunk.get("id").isTextual() && chunk.get("delta").isTextual(), chunk.toString());
            }
            assertEquals(List.of(), mock.takeViolations());
            assertEquals(1, mock.calls().size());
        }

        @Test
        void aStreamingRequestThatBreaksTheContractIsRejectedAsAnyOther() {
            UnprocessableEntityException e = assertThrows(UnprocessableEntityException.class, () -> stream(""));
            assertTrue(e.body().contains("model"), e.body());
            mock.takeViolations();
        }

        @Test
        void aTestForcesTheEvents() {
            mock.answerNextEvents("{\"id\":\"c1\",\"delta\":\"Hel\"}", "{\"id\":\"c1\",\"delta\":\"lo\"}");
            List<String> deltas = new ArrayList<>();
            read(stream("m")).forEach(chunk -> deltas.add(chunk.get("delta").asText()));
            assertEquals(List.of("Hel", "lo"), deltas);
        }

        @Test
        void aTestForcesAStreamThatBreaksMidWay() {
            mock.answerNextEventsThenBreak("{\"id\":\"c1\",\"delta\":\"Hel\"}", "{\"id\":\"c1\",\"delta\":\"lo\"}");
            try (EventStream<JsonNode> events = stream("m")) {
                Iterator<JsonNode> it = events.iterator();
                assertEquals("Hel", it.next().get("delta").asText());
                assertEquals("lo", it.next().get("delta").asText());
                MalformedResponseException e = assertThrows(MalformedResponseException.class, it::hasNext);
                assertTrue(e.getMessage().contains("cut short after 2 events"), e.getMessage());
            }
        }
    }
}
