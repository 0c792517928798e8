package io.github.gatewaysdk.aistats.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gatewaysdk.aistats.AiStatsClient;
import io.github.gatewaysdk.aistats.errors.AiStatsConnectionException;
import io.github.gatewaysdk.aistats.errors.AuthenticationException;
import io.github.gatewaysdk.aistats.errors.NotFoundException;
import io.github.gatewaysdk.aistats.mock.AiStatsMock;
import io.github.gatewaysdk.aistats.mock.WithAiStatsMock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Error paths the schema cannot describe, through the SDK entry point against the static mock: no key, no server,
 * the wrong base URL. The contract's own constraints are {@link EveryOperationContractIT}'s.
 */
@WithAiStatsMock(failOnViolations = false)
class ImagesEditErrorsIT {
    /** Loopback failures must surface well within this, default retries included; a hang would hit it. */
    private static final Duration FAST_FAILURE = Duration.ofSeconds(10);

    private static AiStatsMock mock;
    private static WireRecorder wire;
    private static AiStatsClient client;

    @BeforeAll
    static void connect(AiStatsMock staticMock) {
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
