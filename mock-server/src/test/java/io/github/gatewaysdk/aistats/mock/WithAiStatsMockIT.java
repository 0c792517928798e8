package io.github.gatewaysdk.aistats.mock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.gatewaysdk.aistats.AiStatsClient;
import io.github.gatewaysdk.aistats.core.RawResponse;
import io.github.gatewaysdk.aistats.errors.AuthenticationException;
import io.github.gatewaysdk.aistats.errors.InternalServerException;
import io.github.gatewaysdk.aistats.errors.MalformedResponseException;
import io.github.gatewaysdk.aistats.errors.NotFoundException;
import io.github.gatewaysdk.aistats.errors.UnexpectedStatusException;
import io.github.gatewaysdk.aistats.errors.UnprocessableEntityException;
import io.github.gatewaysdk.aistats.model.Image;
import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import io.github.gatewaysdk.aistats.model.ImagesEditResponse;
import io.github.gatewaysdk.aistats.model.ProviderRoutingOptions;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    /** Prism says {@code "string"} for any string: the mock answers a real image, by value and by its own URL. */
    @Test
    void defaultAnswersHoldAnImageTheCodeUnderTestCanUse(AiStatsClient client, AiStatsMock mock,
            @AiStatsMock.Dynamic(seed = 5) AiStatsClient dynamic, @TempDir Path dir) throws Exception {
        Image first = client.images().edit(request()).getData().get(0);

        byte[] png = client.images().bytes(first);
        assertEquals(2, ImageIO.read(new ByteArrayInputStream(png)).getWidth());
        assertArrayEquals(png, Files.readAllBytes(client.images().save(first, dir.resolve("out.png"))));
        assertEquals(mock.baseUrl() + "/_mock/images/result.png", first.getUrl());
        assertArrayEquals(png, client.images().bytes(new Image().url(first.getUrl())));
        assertArrayEquals(png, dynamic.images().bytes(dynamic.images().edit(request()).getData().get(0)));
        assertEquals(1, mock.calls().size(), "the image download is the mock's own, not a call of the contract");
    }

    @Test
    void aTestsOwnAnswerIsCheckedAgainstTheContractWhenItDeclaresTheStatus(AiStatsClient client, AiStatsMock mock) {
        mock.answerNextJson(200, "{\"created\":\"yesterday\",\"data\":[]}");
        assertThrows(MalformedResponseException.class, () -> client.images().edit(request()));
        List<String> violations = mock.takeViolations();
        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).startsWith("POST /images/edits: answer 200: "), violations.get(0));
        assertTrue(violations.get(0).contains("created"), violations.get(0));

        mock.answerNextJson(200, "{\"created\":1,\"data\":[],\"usage\":{\"total\":1}}"); // more than it lists: fine
        client.images().edit(request());
        mock.answerNextJson(418, "{\"anything\":true}"); // a status the contract does not declare: not checked
        assertThrows(UnexpectedStatusException.class, () -> client.images().edit(request()));
        assertEquals(List.of(), mock.takeViolations());
    }

    @Test
    void aForcedStatusTheContractDeclaresGetsTheContractsAnswer(AiStatsClient client, AiStatsMock mock) {
        mock.answerNext(200, "x-request-id", "forced-1");

        RawResponse<ImagesEditResponse> raw = client.images().withRawResponse().edit(request());

        assertEquals("forced-1", raw.requestId());
        assertEquals(1, raw.body().getData().size(), "the contract's example");
        assertTrue(mock.calls().get(0).forced());
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

    // Two tests in step, run in parallel: the first forces 500, the second then forces 401 and calls first. With one
    // queue for both, the second would take the 500; with one list, either would see the other's calls.
    private static final CyclicBarrier FORCED = new CyclicBarrier(2);
    private static final CyclicBarrier CALLED = new CyclicBarrier(2);

    private static void await(CyclicBarrier barrier) throws Exception {
        barrier.await(60, TimeUnit.SECONDS); // the other test runs at the same time
    }

    @WithAiStatsMock
    static class ForcesFirst {
        @Test
        void getsItsOwnForcedAnswerCallsAndViolations(AiStatsClient client, AiStatsMock mock) throws Exception {
            assertThrows(UnprocessableEntityException.class, () -> client.images().edit(invalidRequest()));
            mock.answerNext(500);
            await(FORCED);
            await(CALLED);
            assertThrows(InternalServerException.class, () -> client.images().edit(request()));
            assertEquals(List.of(422, 500), mock.calls().stream().map(MockCall::status).toList());
            assertEquals(1, mock.takeViolations().size());
        }
    }

    @WithAiStatsMock
    static class ForcesSecond {
        @Test
        void getsItsOwnForcedAnswerAndCalls(AiStatsClient client, AiStatsMock mock) throws Exception {
            await(FORCED);
            mock.answerNext(401);
            try {
                assertThrows(AuthenticationException.class, () -> client.images().edit(request()));
            } finally {
                await(CALLED);
            }
            assertEquals(List.of(401), mock.calls().stream().map(MockCall::status).toList());
        }
    }

    /** Many tests of one class at once on one mock, each forcing its own answer. */
    @WithAiStatsMock
    static class Hammers {
        @RepeatedTest(20)
        void eachRepetitionGetsItsOwnAnswer(AiStatsClient client, AiStatsMock mock) {
            mock.answerNext(404);
            assertThrows(NotFoundException.class, () -> client.images().edit(request()));
            client.images().edit(request());
            assertEquals(List.of(404, 200), mock.calls().stream().map(MockCall::status).toList());
        }
    }

    @Test
    void parallelTestsSeeOnlyTheirOwnAnswersCallsAndViolations() {
        EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "6")
                .selectors(selectClass(ForcesFirst.class), selectClass(ForcesSecond.class), selectClass(Hammers.class))
                .execute().testEvents()
                .assertStatistics(stats -> stats.started(22).succeeded(22));
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
