package io.github.gatewaysdk.aistats.contract;

import static io.github.gatewaysdk.aistats.contract.Fixtures.assertConformingExchange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.gatewaysdk.aistats.AiStatsClient;
import io.github.gatewaysdk.aistats.mock.PrismMock;
import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import io.github.gatewaysdk.aistats.model.ImagesEditResponse;
import io.github.gatewaysdk.aistats.model.ProviderRoutingOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Happy paths of {@code POST /images/edits} through the SDK entry point against the static mock. Prism validates
 * each request against the contract, so a 2xx without {@code sl-violations} proves the SDK's request conforms; the
 * recorder validates each response in the JVM and the SDK's object is compared field by field with the wire.
 */
@ExtendWith(PrismMock.Extension.class)
class ImagesEditContractIT {
    private static WireRecorder wire;
    private static AiStatsClient client;

    @BeforeAll
    static void connect(PrismMock mock) {
        wire = new WireRecorder(false);
        client = wire.client(mock.baseUrl());
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Test
    void editWithOnlyTheRequiredFields() {
        String callId = Fixtures.newCallId();
        ImagesEditRequest request = Fixtures.requiredOnly();
        ImagesEditResponse response = client.images().edit(request, Fixtures.tagged(callId));

        Exchange exchange = wire.exchange(callId);
        assertConformingExchange(exchange, response);
        assertEquals(Set.of("model", "image", "prompt"), exchange.sentProperties(), "only the set fields are sent");
        Fixtures.assertSentAsSet(exchange, request);
    }

    /** The bounds of n, both booleans both ways, and every provider property, each combination accepted. */
    static Stream<Arguments> everyField() {
        List<Arguments> cases = new ArrayList<>();
        for (int n : new int[] {1, 10}) {
            for (boolean flag : new boolean[] {true, false}) {
                cases.add(Arguments.of(n, flag, !flag, flag));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "n={0} meta={1} usage={2} include_alpha={3}")
    @MethodSource("everyField")
    void editWithEveryField(int n, boolean meta, boolean usage, boolean includeAlpha) {
        ProviderRoutingOptions provider = new ProviderRoutingOptions()
                .order(List.of("openai", "azure")).only(List.of("openai", "azure", "google"))
                .ignore(List.of("deepinfra")).includeAlpha(includeAlpha);
        ImagesEditRequest request = Fixtures.requiredOnly().mask(Fixtures.MASK_URL).size("1024x1024").n(n)
                .user("user-1234").meta(meta).usage(usage).provider(provider);

        String callId = Fixtures.newCallId();
        ImagesEditResponse response = client.images().edit(request, Fixtures.tagged(callId));

        Exchange exchange = wire.exchange(callId);
        assertConformingExchange(exchange, response);
        Fixtures.assertSentAsSet(exchange, request);
        assertEquals(includeAlpha, Fixtures.readTree(exchange.part("provider").orElseThrow().value())
                .path("include_alpha").booleanValue());
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
