package io.github.gatewaysdk.aistats.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two release commands, end to end on a scratch copy of this repository whose last release is this build (its
 * jars the binary baseline): {@code release/adopt-contract} finds that an added operation calls for a minor release,
 * {@code release/cut-release} cuts it (versions, changelog, Central bundle, a reproducible client jar, new
 * baselines), and the operation's removal then calls for a major one.
 */
class ReleaseCommandsIT {
  private static final String ADDED_PATH = "  /release-check:\n    get:\n      operationId: getReleaseCheck\n"
      + "      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n"
      + "              schema:\n                $ref: '#/components/schemas/ReleaseCheck'\n";
  private static final String ADDED_SCHEMA = "    ReleaseCheck:\n      type: object\n      properties:\n"
      + "        id:\n          type: string\n";

  @TempDir
  Path scratch;

  @Test
  void anAddedOperationIsAMinorReleaseCutAsSuchAndItsRemovalAMajorOne() throws Exception {
    Path root = Paths.get(System.getProperty("ai.stats.root"));
    String version = System.getProperty("ai.stats.version");
    copy(root, scratch);
    Path baselineJars = scratch.resolve("client-compat/baseline");
    String released = ReleasePlan.released(scratch);
    String minorRelease = ReleasePlan.next(released, ReleasePlan.Bump.MINOR);
    String majorRelease = ReleasePlan.next(minorRelease, ReleasePlan.Bump.MAJOR);
    for (String module : List.of("core", "client")) {
      Files.copy(root.resolve(module + "/target/ai-stats-" + module + "-" + version + ".jar"),
          baselineJars.resolve("ai-stats-" + module + "-" + released + ".jar"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    String seed = Files.readString(scratch.resolve("openapi/baseline/openapi.yaml"));
    String added = insertAfter(insertAfter(seed, "paths:\n", ADDED_PATH), "components:\n  schemas:\n", ADDED_SCHEMA);

    Path additive = Files.writeString(scratch.resolve("additive.yaml"), added);
    List<String> minor = adopt(additive);
    assertTrue(minor.contains("Release: " + minorRelease + " (minor, after " + released + ")"), String.join("\n", minor));
    assertEquals(added, Files.readString(scratch.resolve("openapi/openapi.yaml")));
    assertTrue(Files.readString(scratch.resolve("CHANGELOG.md")).contains(
        "- Contract: operation `GET /release-check` (getReleaseCheck)."));

    // Tests are the outer build's: here the cut's own steps are what is checked.
    List<String> cut = run("release/cut-release", minorRelease, "-DskipTests", "-q");
    assertTrue(cut.contains("Reproducible: client/target/ai-stats-client-" + minorRelease
        + ".jar is byte for byte the same in a second build"), String.join("\n", cut));
    assertTrue(cut.stream().anyMatch(line -> line.startsWith("Bundle ") && line.contains(" passes Central's checks")),
        String.join("\n", cut));
    assertTrue(Files.readString(scratch.resolve("pom.xml")).contains("<version>" + minorRelease + "</version>"));
    assertTrue(Files.readString(scratch.resolve("bom/pom.xml")).contains("<version>" + minorRelease + "</version>"));
    assertTrue(Files.readString(scratch.resolve("CHANGELOG.md")).contains("\n## [Unreleased]\n\n## [" + minorRelease + "] - "));
    assertEquals(added, Files.readString(scratch.resolve("openapi/baseline/openapi.yaml")));
    try (Stream<Path> jars = Files.list(baselineJars)) {
      assertEquals(List.of("ai-stats-client-" + minorRelease + ".jar", "ai-stats-core-" + minorRelease + ".jar"),
          jars.map(jar -> jar.getFileName().toString()).filter(name -> name.endsWith(".jar")).sorted().toList());
    }

    Path removing = Files.writeString(scratch.resolve("removing.yaml"), seed);
    List<String> major = adopt(removing);
    assertTrue(major.contains("Release: " + majorRelease + " (major, after " + minorRelease + ")"), String.join("\n", major));
    assertTrue(major.contains("Contract diff: INCOMPATIBLE (openapi/target/contract-diff/contract-diff.md)"),
        String.join("\n", major));
    assertTrue(Files.readString(scratch.resolve("CHANGELOG.md")).contains(
        "- Breaking: contract: operation `GET /release-check`."));
  }

  private List<String> adopt(Path contract) throws IOException, InterruptedException {
    return run("release/adopt-contract", contract.toString(), "-q");
  }

  /** Runs a command of release/ in the scratch copy; its output's lines, the builds' included. */
  private List<String> run(String script, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("bash", script));
    command.addAll(List.of(args));
    Path log = Files.createTempFile(scratch, "run", ".log");
    Process process = new ProcessBuilder(command).directory(scratch.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      throw new AssertionError(command + " did not end within 10 minutes; see " + log);
    }
    List<String> output = Files.readAllLines(log, StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), () -> command + " failed:\n"
        + String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size())));
    return output;
  }

  private static String insertAfter(String text, String anchor, String inserted) {
    int at = text.indexOf(anchor);
    if (at < 0) {
      throw new IllegalStateException("the seed contract has no line \"" + anchor.trim() + "\" to add after");
    }
    return text.substring(0, at + anchor.length()) + inserted + text.substring(at + anchor.length());
  }

  /** The repository's sources: no build output, no clones, no git. */
  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path path : (Iterable<Path>) walk::iterator) {
        Path relative = from.relativize(path);
        if (relative.toString().isEmpty()) {
          continue;
        }
        String first = relative.getName(0).toString();
        boolean skipped = first.equals(".git") || first.equals("target");
        for (Path name : relative) {
          skipped |= name.toString().equals("target") || name.toString().equals("node_modules");
        }
        if (skipped) {
          continue;
        }
        if (Files.isDirectory(path)) {
          Files.createDirectories(to.resolve(relative.toString()));
        } else {
          Files.copy(path, to.resolve(relative.toString()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
