package io.github.gatewaysdk.aistats.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.gatewaysdk.aistats.AiStatsClient;
import io.github.gatewaysdk.aistats.errors.AiStatsConnectionException;
import io.github.gatewaysdk.aistats.errors.AuthenticationException;
import io.github.gatewaysdk.aistats.errors.NotFoundException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.github.gatewaysdk.aistats.core.ApiCore;
import io.github.gatewaysdk.aistats.core.ApiRequest;
import io.github.gatewaysdk.aistats.core.ClientBuilder;
import io.github.gatewaysdk.aistats.core.ResponseType;
import io.github.gatewaysdk.aistats.errors.UnprocessableEntityException;
import io.github.gatewaysdk.aistats.model.ImagesEditResponse;
import java.util.function.Function;
import io.github.gatewaysdk.aistats.mock.PrismMock;
import io.github.gatewaysdk.aistats.model.ImagesEditResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Error paths through the SDK entry point against the static mock: auth, constraint violations, no server. */
@ExtendWith(PrismMock.Extension.class)
class ImagesEditErrorsIT {
    /** Loopback failures must surface well within this, default retries included; a hang would hit it. */
    private static final Duration FAST_FAILURE = Duration.ofSeconds(10);

    private static PrismMock mock;
    private static WireRecorder wire;
    private static AiStatsClient client;

    @BeforeAll
    static void connect(PrismMock staticMock) {
        mock = staticMock;
        wire = new WireRecorder(false);
        client = wire.client(mock.baseUrl());
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    /** The builder insists on a key, so an interceptor takes the header off each attempt. */
    @Test
    void noTokenGives401() {
        try (AiStatsClient tokenless = AiStatsClient.builder().apiKey(Fixtures.API_KEY).baseUrl(mock.baseUrl())
                .addInterceptor(chain -> chain.proceed(chain.request().withoutHeader("Authorization")))
                .addInterceptor(wire).build()) {
            String callId = Fixtures.newCallId();

            AuthenticationException error = assertThrows(AuthenticationException.class,
                    () -> tokenless.images().edit(Fixtures.requiredOnly(), Fixtures.tagged(callId)));

            assertEquals(401, error.statusCode());
            assertTrue(error.getMessage().startsWith("401"), error.getMessage());
            Exchange exchange = wire.exchange(callId);
            assertEquals(401, exchange.status());
            assertTrue(exchange.requestHeader("authorization").isEmpty(), "no Authorization header was sent");
        }
    }

    /** One below the contract's minimum of n and one above its maximum. */
    static IntStream nOutOfContract() {
        JsonNode n = Contract.ofBuild().requestProperty("POST", "/images/edits", "n");
        return IntStream.of(n.path("minimum").intValue() - 1, n.path("maximum").intValue() + 1);
    }

    /**
     * The generated service stops these before sending, so they go to Prism as a hand-made request through the
     * client's core (its public seam), which checks nothing the contract says.
     */
    @ParameterizedTest(name = "n={0}")
    @MethodSource("nOutOfContract")
    void nOutsideTheContractGives422WithPrismsViolation(int n) {
        String callId = Fixtures.newCallId();
        UnprocessableEntityException error;
        try (ApiCore core = ClientBuilder.create(mock.baseUrl(), Function.<ApiCore>identity()).apiKey(Fixtures.API_KEY)
                .addInterceptor(wire).build()) {
            ApiRequest<ImagesEditResponse> request = ApiRequest.builder("POST", "/images/edits",
                    ResponseType.json(new TypeReference<ImagesEditResponse>() {}))
                    .part("model", "gpt-image-1").part("image", Fixtures.IMAGE).part("prompt", "p").part("n", n)
                    .build();
            error = assertThrows(UnprocessableEntityException.class,
                    () -> core.execute(request, Fixtures.tagged(callId)));
        }

        assertEquals(422, error.statusCode(), error.getMessage());
        JsonNode body = Fixtures.readTree(error.body());
        JsonNode violation = body.path("validation").get(0);
        assertEquals("[\"body\",\"n\"]", violation.path("location").toString(), body.toString());
        JsonNode bounds = Contract.ofBuild().requestProperty("POST", "/images/edits", "n");
        String expected = n < bounds.path("minimum").intValue() ? "n must be >= " + bounds.path("minimum").intValue()
                : "n must be <= " + bounds.path("maximum").intValue();
        assertTrue(violation.path("message").asText().endsWith(expected), body.toString());
        assertTrue(error.getMessage().contains(expected), error.getMessage());
        assertEquals(422, wire.exchange(callId).status());
    }

    /** The SDK's own check: the same values fail before anything is sent. */
    @ParameterizedTest(name = "n={0}")
    @MethodSource("nOutOfContract")
    void sdkRejectsNOutsideTheContractBeforeSending(int n) {
        String callId = Fixtures.newCallId();
        int before = wire.exchanges().size();

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> client.images().edit(Fixtures.requiredOnly().n(n), Fixtures.tagged(callId)));

        JsonNode bounds = Contract.ofBuild().requestProperty("POST", "/images/edits", "n");
        String expected = n < bounds.path("minimum").intValue()
                ? "n must be at least " + bounds.path("minimum").intValue() + ", was " + n
                : "n must be at most " + bounds.path("maximum").intValue() + ", was " + n;
        assertEquals(expected, error.getMessage(), "the SDK's bound is the contract's");
        assertEquals(before, wire.exchanges().size(), "nothing was sent");
    }

    /** The SDK's pre-send bounds must be the contract's: narrower ones would refuse values the gateway accepts. */
    @Test
    void sdkAcceptsTheContractsBoundsOfN() {
        JsonNode n = Contract.ofBuild().requestProperty("POST", "/images/edits", "n");
        for (int bound : new int[] {n.path("minimum").intValue(), n.path("maximum").intValue()}) {
            String callId = Fixtures.newCallId();
            ImagesEditResponse response = client.images().edit(Fixtures.requiredOnly().n(bound), Fixtures.tagged(callId));
            Fixtures.assertConformingExchange(wire.exchange(callId), response);
        }
    }

    @Test
    void closedPortGivesAConnectionErrorQuickly() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (AiStatsClient nowhere = Fixtures.client("http://127.0.0.1:" + closedPort)) {
            AiStatsConnectionException error = assertTimeoutPreemptively(FAST_FAILURE, () -> assertThrows(
                    AiStatsConnectionException.class, () -> nowhere.images().edit(Fixtures.requiredOnly())));
            assertTrue(error.getMessage().contains("POST /images/edits"), error.getMessage());
            assertTrue(error.getMessage().toLowerCase().contains("refused"), error.getMessage());
        }
    }

    /** A common mistake: the production base URL's {@code /v1} on the mock, whose paths have none. */
    @Test
    void wrongBaseUrlGivesNotFoundQuickly() {
        try (AiStatsClient wrongPath = wire.client(mock.baseUrl() + "/v1")) {
            String callId = Fixtures.newCallId();
            NotFoundException error = assertTimeoutPreemptively(FAST_FAILURE, () -> assertThrows(
                    NotFoundException.class, () -> wrongPath.images().edit(Fixtures.requiredOnly(),
                            Fixtures.tagged(callId))));
            assertEquals(404, error.statusCode());
            assertEquals("/v1/images/edits", wire.exchange(callId).path());
            assertFalse(error.getMessage().isBlank());
        }
    }
}
