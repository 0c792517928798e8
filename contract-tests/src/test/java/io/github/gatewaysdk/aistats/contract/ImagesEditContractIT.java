package io.github.gatewaysdk.aistats.contract;

import static io.github.gatewaysdk.aistats.contract.Fixtures.assertConformingExchange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gatewaysdk.aistats.AiStatsClient;
import io.github.gatewaysdk.aistats.mock.AiStatsMock;
import io.github.gatewaysdk.aistats.mock.WithAiStatsMock;
import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import io.github.gatewaysdk.aistats.model.ImagesEditResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the schema cannot say about {@code POST /images/edits}, checked by hand against the static mock (every
 * property and value the schema can say is {@link EveryOperationContractIT}'s). Prism validates
 * each request against the contract, so a 2xx without {@code sl-violations} proves the SDK's request conforms; the
 * recorder validates each response in the JVM and the SDK's object is compared field by field with the wire.
 */
@WithAiStatsMock
class ImagesEditContractIT {
    private static WireRecorder wire;
    private static AiStatsClient client;

    @BeforeAll
    static void connect(AiStatsMock mock) {
        wire = new WireRecorder(false);
        client = wire.client(mock.baseUrl());
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Test
    void nonAsciiPromptArrivesIntact() {
        String prompt = "猫にシルクハットをかぶせて 🎩🐱 — ありがとう";
        String callId = Fixtures.newCallId();
        ImagesEditRequest request = Fixtures.requiredOnly().prompt(prompt);
        ImagesEditResponse response = client.images().edit(request, Fixtures.tagged(callId));

        Exchange exchange = wire.exchange(callId);
        assertConformingExchange(exchange, response);
        Fixtures.assertSentAsSet(exchange, request);
        Multipart.Part sent = exchange.part("prompt").orElseThrow();
        assertEquals(prompt, sent.value(), "the prompt's UTF-8 bytes on the wire");
        assertTrue(sent.contentType().toLowerCase().contains("charset=utf-8"), sent.contentType());
    }
}
