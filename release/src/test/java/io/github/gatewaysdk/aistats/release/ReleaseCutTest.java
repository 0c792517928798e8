package io.github.gatewaysdk.aistats.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cutting a release on a copy of this repository's own POMs, README and changelog: every version the release sets is
 * set, none other is touched, and the baselines become what the release build made.
 */
class ReleaseCutTest {
  private static final Path REPOSITORY = Paths.get("..");
  private static final List<String> FILES = List.of("pom.xml", "README.md", "CHANGELOG.md", "bom/pom.xml",
      "core/pom.xml", "client/pom.xml", "mock-server/pom.xml", "release/pom.xml", "examples/pom.xml",
      "examples/images-edit/pom.xml", "examples/junit-lines/pom.xml", "openapi/pom.xml", "openapi/openapi.yaml");

  @TempDir
  Path root;

  private String current() throws IOException {
    String pom = Files.readString(REPOSITORY.resolve("pom.xml"));
    int at = pom.indexOf("<version>", pom.indexOf("<artifactId>ai-stats-parent</artifactId>")) + "<version>".length();
    return pom.substring(at, pom.indexOf("</version>", at));
  }

  private void copy() throws IOException {
    for (String file : FILES) {
      Files.createDirectories(root.resolve(file).getParent());
      Files.copy(REPOSITORY.resolve(file), root.resolve(file));
    }
  }

  @Test
  void prepareSetsTheVersionEverywhereItIsTheReleasesAndDatesTheChangelog() throws IOException {
    copy();
    String current = current();
    List<String> done = ReleaseCut.prepare(root, "7.1.0", LocalDate.of(2027, 1, 15));
    assertTrue(done.contains("CHANGELOG.md: Unreleased is now [7.1.0] - 2027-01-15"), done.toString());
    for (String file : FILES) {
      String before = Files.readString(REPOSITORY.resolve(file));
      String after = Files.readString(root.resolve(file));
      if (file.equals("CHANGELOG.md")) {
        assertEquals(before.replace("## [Unreleased]\n", "## [Unreleased]\n\n## [7.1.0] - 2027-01-15\n"), after);
      } else if (before.contains(current) && !file.equals("openapi/openapi.yaml")) {
        assertTrue(done.contains(file + ": 7.1.0") || done.contains("README.md: the BOM's version 7.1.0"),
            file + " in " + done);
        assertEquals(before.replace(current, "7.1.0"), after, file + ": its only change is the version");
      } else {
        assertEquals(before, after, file + " holds no version of the SDK");
      }
    }
    assertEquals("a release version is X.Y.Z, was 7.2.0-SNAPSHOT", assertThrows(IllegalArgumentException.class,
        () -> ReleaseCut.prepare(root, "7.2.0-SNAPSHOT", LocalDate.of(2027, 1, 15))).getMessage());
    String prepared = Files.readString(root.resolve("CHANGELOG.md"));
    assertTrue(ReleaseCut.prepare(root, "7.1.0", LocalDate.of(2027, 1, 16)).contains(
        "CHANGELOG.md: [7.1.0] already dated (a cut run again after its build failed)"));
    assertEquals(prepared, Files.readString(root.resolve("CHANGELOG.md")), "run again, the cut changes nothing");
    Files.writeString(root.resolve("CHANGELOG.md"), prepared.replace("## [Unreleased]\n", "## [Unreleased]\n\n- more\n"));
    assertEquals("CHANGELOG.md already has a section for 7.1.0", assertThrows(IllegalStateException.class,
        () -> ReleaseCut.prepare(root, "7.1.0", LocalDate.of(2027, 1, 16))).getMessage());
  }

  @Test
  void thePomsSetAreTheSourcesNotBuildOutputOrNpmCopies() throws IOException {
    for (String pom : List.of("pom.xml", "core/pom.xml", "retargeting/pom.xml", "examples/images-edit/pom.xml",
        "core/target/pom.xml", "mock-server/node_modules/pom.xml", "examples/target/x/pom.xml", "a/b/c/pom.xml")) {
      Files.createDirectories(root.resolve(pom).getParent());
      Files.writeString(root.resolve(pom), "<project/>");
    }
    assertEquals(List.of("core/pom.xml", "examples/images-edit/pom.xml", "pom.xml", "retargeting/pom.xml"),
        ReleaseCut.poms(root).stream().map(pom -> root.relativize(pom).toString().replace('\\', '/')).sorted()
            .toList());
  }

  @Test
  void baselinesBecomeTheReleasesContractAndJars() throws IOException {
    copy();
    Files.createDirectories(root.resolve("openapi/baseline"));
    Files.writeString(root.resolve("openapi/baseline/openapi.yaml"), "the last release's contract");
    Path jars = Files.createDirectories(root.resolve("client-compat/baseline"));
    Files.writeString(jars.resolve("ai-stats-core-1.0.0.jar"), "old core");
    Files.writeString(jars.resolve("ai-stats-client-1.0.0.jar"), "old client");
    String missing = assertThrows(IllegalStateException.class, () -> ReleaseCut.baselines(root, "7.1.0"))
        .getMessage();
    assertTrue(missing.endsWith("ai-stats-core-7.1.0.jar is missing: the release build of 7.1.0 comes first"), missing);
    for (String module : List.of("core", "client")) {
      Files.createDirectories(root.resolve(module + "/target"));
      Files.writeString(root.resolve(module + "/target/ai-stats-" + module + "-7.1.0.jar"), "new " + module);
    }
    ReleaseCut.baselines(root, "7.1.0");
    assertEquals(Files.readString(root.resolve("openapi/openapi.yaml")),
        Files.readString(root.resolve("openapi/baseline/openapi.yaml")));
    try (Stream<Path> baseline = Files.list(jars)) {
      assertEquals(List.of("ai-stats-client-7.1.0.jar", "ai-stats-core-7.1.0.jar"),
          baseline.map(jar -> jar.getFileName().toString()).sorted().toList());
    }
    assertEquals("new client", Files.readString(jars.resolve("ai-stats-client-7.1.0.jar")));
    assertTrue(Files.readString(root.resolve("pom.xml")).contains(
        "<contract.baseline.version>7.1.0</contract.baseline.version>"));
  }
}
