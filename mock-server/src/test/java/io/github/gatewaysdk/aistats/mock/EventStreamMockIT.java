package io.github.gatewaysdk.aistats.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.gatewaysdk.aistats.core.EventStream;
import io.github.gatewaysdk.aistats.core.RequestOptions;
import io.github.gatewaysdk.aistats.core.internal.ApiCore;
import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import io.github.gatewaysdk.aistats.errors.MalformedResponseException;
import io.github.gatewaysdk.aistats.errors.UnprocessableEntityException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Event streams, which Prism 5 cannot answer, answered by the mock's front (openapi/test-contracts/multi-resource.yaml's
 * {@code createChatCompletion}, whose success may stream {@code ChatChunk}s): a streaming call, described as a
 * generated streaming method describes it, gets events that follow the stream's schema after Prism validated the
 * request; a test can force the events, and a stream that breaks mid-way.
 */
class EventStreamMockIT {
    private static final ResponseType<JsonNode> JSON = ResponseType.json(new TypeReference<JsonNode>() {});
    private static final ResponseType<EventStream<JsonNode>> CHUNKS = ResponseType.events(new TypeReference<JsonNode>() {});
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

    @AfterEach
    void reset() {
        mock.reset();
    }

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
