package io.github.gatewaysdk.aistats.contract;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter.OpenApiValidationException;
import io.github.gatewaysdk.aistats.AiStatsClient;
import io.github.gatewaysdk.aistats.core.AttemptResponse;
import io.github.gatewaysdk.aistats.mock.AiStatsMock;
import io.github.gatewaysdk.aistats.mock.WithAiStatsMock;
import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import io.github.gatewaysdk.aistats.model.ImagesEditResponse;
import io.github.gatewaysdk.aistats.model.ProviderRoutingOptions;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mock's responses against the contract, validated in the JVM by swagger-request-validator on REST Assured calls,
 * in static mode and in dynamic mode with fixed seeds; and the SDK reading the varied dynamic bodies, also with
 * properties no contract version has.
 */
@WithAiStatsMock(failOnViolations = false)
class MockResponseConformanceIT {
    private static final String PROVIDER_JSON = "{\"order\":[\"openai\"],\"only\":[\"openai\"],\"ignore\":[\"azure\"],"
            + "\"include_alpha\":true}";

    private static final long[] SEEDS = {1, 2, 3};

    private static final Map<String, AiStatsMock> mocks = new LinkedHashMap<>();
    private static final List<AiStatsMock> started = new CopyOnWriteArrayList<>();

    /** The dynamic mocks serve only this class, so they start in parallel here and stop after it. */
    @BeforeAll
    static void startMocks(AiStatsMock staticMock) {
        mocks.put("static", staticMock);
        List<CompletableFuture<AiStatsMock>> starting = new ArrayList<>();
        for (long seed : SEEDS) {
            starting.add(CompletableFuture.supplyAsync(() -> {
                AiStatsMock mock = AiStatsMock.start(AiStatsMock.Options.defaults().dynamic(seed));
                started.add(mock);
                return mock;
            }));
        }
        for (int i = 0; i < SEEDS.length; i++) {
            mocks.put("dynamic seed " + SEEDS[i], starting.get(i).join());
        }
    }

    @AfterAll
    static void stopMocks() {
        started.forEach(AiStatsMock::close);
    }

    static Stream<String> modes() {
        return Stream.concat(Stream.of("static"), Arrays.stream(SEEDS).mapToObj(seed -> "dynamic seed " + seed));
    }

    static Stream<String> dynamicModes() {
        return modes().filter(mode -> mode.startsWith("dynamic"));
    }

    /**
     * Validates the request and the response against the contract and throws on any violation, with one exception:
     * REST Assured hands multipart parts to filters apart from the body, so the filter sees no body at all. Prism
     * validates those request bodies instead.
     */
    private static final OpenApiInteractionValidator FILTER_VALIDATOR = WireRecorder.validatorOf(LevelResolver.create()
            .withLevel("validation.request.body.missing", ValidationReport.Level.IGNORE)).build();

    private static RequestSpecification validated(AiStatsMock mock) {
        return given().filter(new OpenApiValidationFilter(FILTER_VALIDATOR)).baseUri(mock.baseUrl())
                .auth().oauth2(Fixtures.API_KEY);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void mockResponsesConformToTheContract(String mode) {
        Response response = validated(mocks.get(mode))
                .multiPart("model", "gpt-image-1").multiPart("image", Fixtures.IMAGE).multiPart("prompt", "a hat")
                .multiPart("n", "2").multiPart("meta", "true")
                .multiPart("provider", "provider", PROVIDER_JSON.getBytes(StandardCharsets.UTF_8), "application/json")
                .when().post("/images/edits");
        assertEquals(200, response.statusCode(), response.asString());
        assertNull(response.header("sl-violations"), "Prism reported request violations");
    }

    /** The filter is not vacuous: a response the contract does not define (Prism's 422) fails validation. */
    @Test
    void validationFilterRejectsAResponseTheContractDoesNotDefine() {
        OpenApiValidationException failure = assertThrows(OpenApiValidationException.class, () -> validated(mocks.get("static"))
                .multiPart("model", "gpt-image-1").multiPart("image", Fixtures.IMAGE).multiPart("prompt", "a hat")
                .multiPart("n", "0")
                .when().post("/images/edits"));
        assertTrue(failure.getMessage().contains("validation.response.status.unknown"), failure.getMessage());
    }

    /** Prism restarts its generator from the seed on every request, so the variety comes from the seeds. */
    @Test
    void sdkReadsVariedDynamicBodies() {
        Set<String> bodies = new HashSet<>();
        dynamicModes().forEach(mode -> {
            WireRecorder wire = new WireRecorder(false);
            try (AiStatsClient client = wire.client(mocks.get(mode).baseUrl())) {
                String callId = Fixtures.newCallId();
                ImagesEditResponse response = client.images().edit(everyField(), Fixtures.tagged(callId));
                Exchange exchange = wire.exchange(callId);
                Fixtures.assertConformingExchange(exchange, response);
                bodies.add(exchange.responseBody());
            }
        });
        assertEquals(dynamicModes().count(), bodies.size(), "each seed gives its own body: " + bodies);
    }

    /** A newer gateway may add fields anywhere; the SDK must still read everything it knows. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void sdkIgnoresUnknownResponseProperties(String mode) {
        WireRecorder wire = new WireRecorder(true);
        List<String> delivered = new CopyOnWriteArrayList<>();
        try (AiStatsClient client = AiStatsClient.builder().apiKey(Fixtures.API_KEY).baseUrl(mocks.get(mode).baseUrl())
                .addInterceptor(chain -> { // outside the recorder: sees what the recorder hands the SDK
                    AttemptResponse answer = chain.proceed(chain.request()).bufferBody();
                    delivered.add(new String(answer.bodyBytes(), StandardCharsets.UTF_8));
                    return answer;
                })
                .addInterceptor(wire).build()) {
            String callId = Fixtures.newCallId();
            ImagesEditResponse response = client.images().edit(everyField(), Fixtures.tagged(callId));
            assertTrue(delivered.get(0).contains(WireRecorder.UNKNOWN_PROPERTY), "the SDK got: " + delivered);
            // The recorded body is the mock's original; the SDK got it with the extra properties and must match it.
            Fixtures.assertConformingExchange(wire.exchange(callId), response);
        }
    }

    private static ImagesEditRequest everyField() {
        return Fixtures.requiredOnly().mask(Fixtures.IMAGE).size("256x256").n(3).user("u").meta(false).usage(true)
                .provider(new ProviderRoutingOptions().order(List.of("openai")).only(List.of("openai"))
                        .ignore(List.of("azure")).includeAlpha(true));
    }
}
