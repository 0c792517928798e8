package io.github.gatewaysdk.aistats.mock;

import java.nio.file.Path;
import java.time.Duration;

/** A second build, for {@link PrismInstallationIT}: installs Prism into the cache its argument names, in its own JVM. */
public final class InstallFromAnotherJvm {
    private InstallFromAnotherJvm() {
    }

    public static void main(String[] args) {
        PrismInstallation installation = new PrismInstallation();
        NodeRuntime node = NodeRuntime.locate(System.getenv(), installation.minimumNode());
        System.out.println(installation.ensure(Path.of(args[0]), node, System.getenv(), Duration.ofMinutes(4)));
    }
}
