package io.github.gatewaysdk.aistats.mock;

import java.util.Map;
import java.util.Optional;

/** The mock's settings from outside the code: a system property, else an environment variable. */
enum Settings {
    /** The per-user cache that holds installed Prism versions. */
    CACHE("cache"),
    /** {@code node} (default) or {@code docker}. */
    RUNTIME("runtime"),
    /** An OpenAPI file to serve instead of the contract shipped in the jar. */
    CONTRACT("contract"),
    /** Where Prism's logs go. */
    LOGS("logs"),
    /** The port the mock listens on; 0, the default, takes a free one. */
    PORT("port");

    private final String name;

    Settings(String name) {
        this.name = name;
    }

    String property() {
        return "ai.stats.mock." + name;
    }

    String env() {
        return "AI_STATS_MOCK_" + name.toUpperCase(java.util.Locale.ROOT);
    }

    Optional<String> value(Map<String, String> env) {
        return Optional.ofNullable(System.getProperty(property())).or(() -> Optional.ofNullable(env.get(env())))
                .map(String::trim).filter(v -> !v.isEmpty());
    }
}
