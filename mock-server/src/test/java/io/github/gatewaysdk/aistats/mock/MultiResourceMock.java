package io.github.gatewaysdk.aistats.mock;

import io.github.gatewaysdk.aistats.core.ClientBuilder;
import io.github.gatewaysdk.aistats.core.internal.ApiCore;
import java.nio.file.Paths;

/**
 * openapi/test-contracts/multi-resource.yaml served by a mock, and a client's core for it, which tests call as
 * generated services do: for what the build's own contract may not have (url-encoded forms, event streams).
 */
record MultiResourceMock(AiStatsMock mock, ApiCore core) implements AutoCloseable {
    static MultiResourceMock start() {
        AiStatsMock mock = AiStatsMock.start(AiStatsMock.Options.defaults().contractFile(
                Paths.get("..", "openapi", "test-contracts", "multi-resource.yaml").toAbsolutePath()));
        try {
            return new MultiResourceMock(mock,
                    new ClientBuilder<ApiCore>(mock.baseUrl(), built -> built) {}.apiKey("sk-test").maxRetries(0).build());
        } catch (RuntimeException e) {
            mock.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            core.close();
        } finally {
            mock.close();
        }
    }
}
