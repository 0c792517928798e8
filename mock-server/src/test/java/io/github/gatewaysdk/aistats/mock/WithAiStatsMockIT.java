package io.github.gatewaysdk.aistats.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.gatewaysdk.aistats.AiStatsClient;
import io.github.gatewaysdk.aistats.core.RawResponse;
import io.github.gatewaysdk.aistats.errors.AuthenticationException;
import io.github.gatewaysdk.aistats.errors.InternalServerException;
import io.github.gatewaysdk.aistats.errors.UnprocessableEntityException;
import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import io.github.gatewaysdk.aistats.model.ImagesEditResponse;
import io.github.gatewaysdk.aistats.model.ProviderRoutingOptions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The extension as a user's test sees it: a running mock, a client for it, forced answers and violations. */
@WithAiStatsMock
class WithAiStatsMockIT {

    private static ImagesEditRequest request() {
        return new ImagesEditRequest().model("gpt-image-1").image("data:image/png;base64,aW1n").prompt("add a hat");
    }

    /** A null in a list: the typed model sends it, and only the contract (the mock) says it is wrong. */
    private static ImagesEditRequest invalidRequest() {
        return request().provider(new ProviderRoutingOptions().order(Arrays.asList("openai", null)));
    }

    @Test
    void clientIsConfiguredForTheMock(AiStatsClient client, AiStatsMock mock) {
        ImagesEditResponse response = client.images().edit(request());

        assertTrue(client.baseUrl().startsWith(mock.baseUrl()), client.baseUrl());
        assertEquals(1, response.getData().size());
        assertEquals(List.of(new MockCall("POST", "/images/edits", 200, List.of(), false)), mock.calls());
    }

    @Test
    void forced429IsRetriedAfterRetryAfter(AiStatsClient client, AiStatsMock mock) {
        mock.answerNext(429, "Retry-After", "1");

        RawResponse<ImagesEditResponse> raw = client.images().withRawResponse().edit(request());

        assertEquals(2, raw.attempts());
        assertEquals(List.of(429, 200), mock.calls().stream().map(MockCall::status).toList());
        assertTrue(mock.calls().get(0).forced());
    }

    @Test
    void forcedStatusesReachTheCallerTyped(AiStatsClient client, AiStatsMock mock) {
        mock.answerNext(401).answerNext(500);

        assertThrows(AuthenticationException.class, () -> client.images().edit(request()));
        InternalServerException error = assertThrows(InternalServerException.class, () -> client.images().edit(request()));
        assertTrue(error.getMessage().contains("500"), error.getMessage());
        assertEquals(2, mock.calls().size(), "a POST that got 500 is not retried by default");
    }

    @Test
    void invalidRequestIs422AndItsViolationNamesTheProperty(AiStatsClient client, AiStatsMock mock) {
        UnprocessableEntityException error = assertThrows(UnprocessableEntityException.class,
                () -> client.images().edit(invalidRequest()));

        assertTrue(error.getMessage().contains("body.provider.order.1"), error.getMessage());
        assertEquals(List.of("POST /images/edits: body.provider.order.1: Request body property provider.order.1 must be string"),
                mock.takeViolations());
    }

    @Test
    void dynamicModeHasItsOwnMock(@AiStatsMock.Dynamic(seed = 3) AiStatsClient dynamic, AiStatsClient fixed) {
        assertTrue(!dynamic.baseUrl().equals(fixed.baseUrl()));
        assertTrue(dynamic.images().edit(request()).getData() != null);
    }

    // The classes below run only through EngineTestKit: they show what a user's suite would see.

    @WithAiStatsMock
    static class SendsAnInvalidRequestAndIgnoresIt {
        @Test
        void ignoresTheViolation(AiStatsClient client) {
            try {
                client.images().edit(invalidRequest());
            } catch (UnprocessableEntityException expectedButNotChecked) {
                // The user's code swallowed it.
            }
        }
    }

    @WithAiStatsMock
    @org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
    static class LeavesAForcedAnswerUnused {
        @Test
        void a_forcesAnAnswerAndSendsNothing(AiStatsMock mock) {
            mock.answerNext(500);
        }

        @Test
        void b_getsPrismsAnswer(AiStatsClient client) {
            client.images().edit(request());
        }
    }

    private static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
    }

    @Test
    void violationLeftInATestFailsItNamingTheProperty() {
        Events events = run(SendsAnInvalidRequestAndIgnoresIt.class);

        events.assertStatistics(stats -> stats.started(1).failed(1));
        Throwable failure = events.failed().list().get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .orElseThrow().getThrowable().orElseThrow();
        assertTrue(failure.getMessage().contains(
                "POST /images/edits: body.provider.order.1: Request body property provider.order.1 must be string"),
                failure.getMessage());
    }

    @Test
    void forcedAnswersDoNotLeakIntoTheNextTest() {
        run(LeavesAForcedAnswerUnused.class).assertStatistics(stats -> stats.started(2).succeeded(2));
    }
}
