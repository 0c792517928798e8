package io.github.gatewaysdk.aistats.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * This build's published artifacts (the parent POM, the BOM, core, client and mock, as their modules built them) make
 * a bundle Central would take but for their snapshot version: a module that lost its sources or javadoc jar, or a
 * POM element Central requires, fails here, in every build, not first at a release.
 */
class PublishedArtifactsIT {
  @TempDir
  Path dir;

  @Test
  void thePublishedModulesMakeABundleCentralWouldTake() throws IOException {
    Path root = Paths.get(System.getProperty("ai.stats.root"));
    String version = System.getProperty("ai.stats.version");
    Path staging = CentralBundle.stage(root, version, dir.resolve("staging"));
    Path bundle = dir.resolve("central-bundle.zip");
    assertEquals(List.of(), CentralBundle.make(staging, bundle, SigningKey.throwaway(), true));
    assertTrue(Files.size(bundle) > 0);
  }
}
