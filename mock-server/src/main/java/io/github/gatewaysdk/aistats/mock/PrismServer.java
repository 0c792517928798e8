package io.github.gatewaysdk.aistats.mock;

import java.nio.file.Path;

/** A running Prism behind the mock's front: a local Node process or a Docker container. */
interface PrismServer extends AutoCloseable {
    /** Prism's own address, e.g. {@code http://127.0.0.1:41234}. */
    String baseUrl();

    /** Where Prism's output goes. */
    Path logFile();

    /** Stops Prism and everything it started; safe to call more than once. */
    @Override
    void close();
}
