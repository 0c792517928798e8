package io.github.gatewaysdk.aistats.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The release a contract calls for, read off the gates' reports, and the changelog entries written from the contract
 * diff: a break in either gate is a major release, an addition a minor one, anything else a patch.
 */
class ReleasePlanTest {
  private static final String NEW_CLASS = "<japicmp><class binaryCompatible=\"true\" changeStatus=\"NEW\" "
      + "sourceCompatible=\"true\"/></japicmp>";
  private static final String UNCHANGED = "<japicmp></japicmp>";
  private static final String BROKEN = "<japicmp><class binaryCompatible=\"false\" changeStatus=\"MODIFIED\" "
      + "sourceCompatible=\"false\"/></japicmp>";

  @TempDir
  Path root;

  /** A repository as the gates leave it: the contract gate's verdict and entries, japicmp's two reports. */
  private Path repository(String verdict, String entries, String coreReport, String clientReport) throws IOException {
    Files.createDirectories(root.resolve("openapi/target/contract-diff"));
    Files.createDirectories(root.resolve("client-compat/target/japicmp"));
    Files.writeString(root.resolve("openapi/target/contract-diff/verdict"), verdict + "\n");
    Files.writeString(root.resolve("openapi/target/contract-diff/changelog-entries.md"), entries);
    Files.writeString(root.resolve("client-compat/target/japicmp/core-against-baseline.xml"), coreReport);
    Files.writeString(root.resolve("client-compat/target/japicmp/client-against-baseline.xml"), clientReport);
    Files.writeString(root.resolve("pom.xml"), "<project><properties><contract.baseline.version>1.4.2"
        + "</contract.baseline.version></properties></project>\n");
    Files.writeString(root.resolve("openapi/openapi.yaml"), "openapi: 3.0.3 # the old one\n");
    Files.copy(Paths.get("../CHANGELOG.md"), root.resolve("CHANGELOG.md"));
    Path contract = root.resolve("upstream.yaml");
    Files.writeString(contract, "openapi: 3.0.3 # the new one\n");
    return contract;
  }

  @ParameterizedTest(name = "{0}, core {1}, client {2}: {3}")
  @CsvSource({
      "INCOMPATIBLE, UNCHANGED, UNCHANGED, 2.0.0 (major",
      "COMPATIBLE, UNCHANGED, BROKEN, 2.0.0 (major",
      "COMPATIBLE, UNCHANGED, NEW, 1.5.0 (minor",
      "METADATA, NEW, UNCHANGED, 1.5.0 (minor",
      "METADATA, UNCHANGED, UNCHANGED, 1.4.3 (patch",
      "UNCHANGED, UNCHANGED, UNCHANGED, 1.4.3 (patch"})
  void aBreakInEitherGateIsMajorAnAdditionMinorAndTheRestAPatch(String verdict, String core, String client,
      String release) throws IOException {
    Path contract = repository(verdict, "", report(core), report(client));
    List<String> plan = ReleasePlan.plan(root, contract);
    assertEquals("Release: " + release + ", after 1.4.2)", plan.get(0));
    assertEquals("openapi: 3.0.3 # the new one\n", Files.readString(root.resolve("openapi/openapi.yaml")));
  }

  private static String report(String kind) {
    return kind.equals("BROKEN") ? BROKEN : kind.equals("NEW") ? NEW_CLASS : UNCHANGED;
  }

  @Test
  void theContractsChangesGoUnderTheirHeadingsOfUnreleasedOnceBreakingOnesMarked() throws IOException {
    Path contract = repository("INCOMPATIBLE", "Added: property `quality` (request of POST /images/edits)\n"
        + "Removed: Breaking: property `revised_prompt` (response of POST /images/edits)\n", UNCHANGED, BROKEN);
    String before = Files.readString(root.resolve("CHANGELOG.md"));
    assertEquals(List.of("Release: 2.0.0 (major, after 1.4.2)",
        "Contract diff: INCOMPATIBLE (openapi/target/contract-diff/contract-diff.md)",
        "Binary compatibility, core-against-baseline: UNCHANGED (client-compat/target/japicmp/core-against-baseline.md)",
        "Binary compatibility, client-against-baseline: INCOMPATIBLE "
            + "(client-compat/target/japicmp/client-against-baseline.md)",
        "CHANGELOG.md: 3 entries written into Unreleased", "openapi/openapi.yaml: upstream.yaml",
        "Next: bash .ci/run (the gates fail until the major version is raised), then release/cut-release 2.0.0"),
        ReleasePlan.plan(root, contract));
    String after = Files.readString(root.resolve("CHANGELOG.md"));
    String unreleased = after.substring(after.indexOf("## [Unreleased]"));
    String changed = unreleased.substring(unreleased.indexOf("### Changed"), unreleased.indexOf("### Added"));
    assertTrue(changed.endsWith("- Contract: adopted `upstream.yaml`.\n\n"), changed);
    String added = unreleased.substring(unreleased.indexOf("### Added"));
    added = added.substring(0, added.indexOf("\n\n### "));
    assertTrue(added.endsWith("\n- Contract: property `quality` (request of POST /images/edits)."), added);
    assertTrue(unreleased.contains("### Removed\n- Breaking: contract: property `revised_prompt` "
        + "(response of POST /images/edits).\n"), unreleased);
    assertEquals(normalised(before), normalised(after.replace("- Contract: adopted `upstream.yaml`.\n", "")
        .replace("- Contract: property `quality` (request of POST /images/edits).\n", "")
        .replace("### Removed\n- Breaking: contract: property `revised_prompt` (response of POST /images/edits).\n", "")),
        "nothing else of the changelog changed");

    ReleasePlan.plan(root, contract);
    assertEquals(after, Files.readString(root.resolve("CHANGELOG.md")), "a second run adds nothing");
  }

  /** Without the blank lines a removed block leaves behind. */
  private static String normalised(String text) {
    return text.replaceAll("\n{3,}", "\n\n").trim();
  }

  @Test
  void withoutTheGatesReportsItSaysToRunThemFirst() throws IOException {
    Files.writeString(root.resolve("upstream.yaml"), "openapi: 3.0.3\n");
    IllegalStateException missing = assertThrows(IllegalStateException.class,
        () -> ReleasePlan.plan(root, root.resolve("upstream.yaml")));
    assertEquals("the contract gate's verdict is missing: " + root.resolve("openapi/target/contract-diff/verdict")
        + " (run the gates first: release/adopt-contract)", missing.getMessage());
  }

  @Test
  void theNextVersionFollowsSemanticVersioning() {
    assertEquals("2.0.0", ReleasePlan.next("1.9.3", ReleasePlan.Bump.MAJOR));
    assertEquals("1.10.0", ReleasePlan.next("1.9.3", ReleasePlan.Bump.MINOR));
    assertEquals("1.9.4", ReleasePlan.next("1.9.3", ReleasePlan.Bump.PATCH));
    assertThrows(IllegalArgumentException.class, () -> ReleasePlan.next("1.0.0-SNAPSHOT", ReleasePlan.Bump.PATCH));
  }
}
