package io.github.gatewaysdk.aistats.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The two edits of cutting a release ({@code release/cut-release}), around the release build:
 * {@code prepare} sets the version in every POM (the parent's, each module's parent reference, the BOM's, the
 * examples' {@code ai-stats.version}) and in the README's BOM import, and dates the changelog's Unreleased section; {@code baselines}, after the
 * build, makes what was just built the baseline of both gates: the contract, the core and client jars, and
 * {@code contract.baseline.version}.
 *
 * <p>JDK only, so that the script runs it as a single source file:
 * {@code java ReleaseCut.java prepare|baselines <root> <X.Y.Z>}.
 */
public final class ReleaseCut {
  private static final Pattern RELEASE = Pattern.compile("\\d+\\.\\d+\\.\\d+");
  /** The version after the parent's or the BOM's coordinates, unless a property (a module's own reference). */
  private static final Pattern OWN_VERSION =
      Pattern.compile("(<artifactId>ai-stats-(?:parent|bom)</artifactId>\\s*<version>)([^<$][^<]*)(</version>)");
  private static final Pattern PARENT_VERSION = Pattern.compile(
      "(<parent>\\s*<groupId>io\\.github\\.gatewaysdk</groupId>\\s*<artifactId>ai-stats-parent</artifactId>\\s*"
          + "<version>)([^<]+)(</version>)");
  private static final Pattern EXAMPLE_VERSION = Pattern.compile("(<ai-stats\\.version>)([^<$]+)(</ai-stats\\.version>)");
  private static final Pattern BASELINE_VERSION =
      Pattern.compile("(<contract\\.baseline\\.version>)([^<]+)(</contract\\.baseline\\.version>)");

  private ReleaseCut() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 3 || !(args[0].equals("prepare") || args[0].equals("baselines"))) {
      throw new IllegalArgumentException("usage: ReleaseCut prepare|baselines <repository root> <X.Y.Z>");
    }
    Path root = Paths.get(args[1]);
    List<String> done = args[0].equals("prepare") ? prepare(root, args[2], LocalDate.now(ZoneOffset.UTC))
        : baselines(root, args[2]);
    System.out.println(String.join("\n", done));
  }

  /** @return the files changed, a line each */
  static List<String> prepare(Path root, String version, LocalDate date) throws IOException {
    release(version);
    List<String> done = new ArrayList<>();
    for (Path pom : poms(root)) {
      String text = read(pom);
      String changed = replace(EXAMPLE_VERSION, replace(PARENT_VERSION, replace(OWN_VERSION, text, version, 1),
          version, 1), version, -1);
      if (!changed.equals(text)) {
        Files.write(pom, changed.getBytes(StandardCharsets.UTF_8));
        done.add(root.relativize(pom) + ": " + version);
      }
    }
    Path readme = root.resolve("README.md");
    String shown = read(readme);
    String updated = replace(OWN_VERSION, shown, version, -1);
    if (!updated.equals(shown)) {
      Files.write(readme, updated.getBytes(StandardCharsets.UTF_8));
      done.add("README.md: the BOM's version " + version);
    }
    Path changelog = root.resolve("CHANGELOG.md");
    String text = read(changelog);
    if (text.contains("\n## [Unreleased]\n\n## [" + version + "] - ")) {
      done.add("CHANGELOG.md: [" + version + "] already dated (a cut run again after its build failed)");
      return done;
    }
    if (text.contains("## [" + version + "]")) {
      throw new IllegalStateException("CHANGELOG.md already has a section for " + version);
    }
    if (!text.contains("\n## [Unreleased]\n")) {
      throw new IllegalStateException("CHANGELOG.md has no \"## [Unreleased]\" section to date");
    }
    Files.write(changelog, text.replace("\n## [Unreleased]\n", "\n## [Unreleased]\n\n## [" + version + "] - "
        + date + "\n").getBytes(StandardCharsets.UTF_8));
    done.add("CHANGELOG.md: Unreleased is now [" + version + "] - " + date);
    return done;
  }

  /** @return the files changed, a line each */
  static List<String> baselines(Path root, String version) throws IOException {
    release(version);
    List<String> done = new ArrayList<>();
    Files.copy(root.resolve("openapi/openapi.yaml"), root.resolve("openapi/baseline/openapi.yaml"),
        StandardCopyOption.REPLACE_EXISTING);
    done.add("openapi/baseline/openapi.yaml: the contract of " + version);
    Path jars = root.resolve("client-compat/baseline");
    List<Path> built = new ArrayList<>();
    for (String module : new String[] {"core", "client"}) {
      Path jar = root.resolve(module).resolve("target").resolve("ai-stats-" + module + "-" + version + ".jar");
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(jar + " is missing: the release build of " + version + " comes first");
      }
      built.add(jar);
    }
    try (DirectoryStream<Path> old = Files.newDirectoryStream(jars, "ai-stats-*.jar")) {
      for (Path jar : old) {
        Files.delete(jar);
      }
    }
    for (Path jar : built) {
      Files.copy(jar, jars.resolve(jar.getFileName()));
      done.add("client-compat/baseline/" + jar.getFileName());
    }
    Path pom = root.resolve("pom.xml");
    Files.write(pom, replace(BASELINE_VERSION, read(pom), version, 1).getBytes(StandardCharsets.UTF_8));
    done.add("pom.xml: contract.baseline.version " + version);
    return done;
  }

  private static void release(String version) {
    if (!RELEASE.matcher(version).matches()) {
      throw new IllegalArgumentException("a release version is X.Y.Z, was " + version);
    }
  }

  /**
   * The build's POMs: the root's, each module's and the examples' standalone projects; none under a build's output
   * ({@code target}) or an npm install ({@code node_modules}), which hold copies.
   */
  static List<Path> poms(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root, 3)) {
      return walk.filter(path -> path.getFileName().toString().equals("pom.xml"))
          .filter(path -> isSource(root.relativize(path)))
          .sorted().collect(Collectors.toList());
    }
  }

  private static boolean isSource(Path pom) {
    for (Path folder : pom) {
      if (folder.toString().equals("target") || folder.toString().equals("node_modules")) {
        return false;
      }
    }
    return true;
  }

  /** Replaces the second group of the first {@code count} matches ({@code -1}: all) with {@code value}. */
  private static String replace(Pattern pattern, String text, String value, int count) {
    Matcher matcher = pattern.matcher(text);
    StringBuffer out = new StringBuffer();
    int replaced = 0;
    while ((count < 0 || replaced < count) && matcher.find()) {
      matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group(1) + value + matcher.group(3)));
      replaced++;
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }
}
