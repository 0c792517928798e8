package io.github.gatewaysdk.aistats.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The release a new contract calls for, once the gates ran against it in report-only mode
 * ({@code release/adopt-contract}): major when the contract diff or either binary-compatibility report shows a break,
 * minor for additions, patch otherwise. Writes the contract diff's changes into the changelog's Unreleased section
 * and puts the contract in place as {@code openapi/openapi.yaml}.
 *
 * <p>JDK only, so that the script runs it as a single source file: {@code java ReleasePlan.java <root> <contract>}.
 */
public final class ReleasePlan {
  /** The release kinds, in semantic versioning's order. */
  enum Bump { PATCH, MINOR, MAJOR }

  private static final Pattern BASELINE_VERSION =
      Pattern.compile("<contract\\.baseline\\.version>([^<]+)</contract\\.baseline\\.version>");
  private static final Pattern ENTRY = Pattern.compile("(Added|Changed|Removed|Deprecated): (Breaking: )?(.+)");

  private ReleasePlan() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: ReleasePlan <repository root> <adopted contract file>");
    }
    System.out.println(String.join("\n", plan(Paths.get(args[0]), Paths.get(args[1]))));
  }

  /**
   * Reads the gates' reports, writes the changelog entries and puts the contract in place.
   *
   * @return what was decided and done, a line each, the release first
   */
  static List<String> plan(Path root, Path contract) throws IOException {
    Path diffFolder = root.resolve("openapi/target/contract-diff");
    String verdict = read(diffFolder.resolve("verdict"), "the contract gate's verdict").trim();
    List<String> entries = new ArrayList<>();
    for (String line : read(diffFolder.resolve("changelog-entries.md"), "the contract's changes").split("\n")) {
      if (!line.trim().isEmpty()) {
        entries.add(line.trim());
      }
    }
    Map<String, String> jars = new LinkedHashMap<>();
    for (String report : new String[] {"core-against-baseline", "client-against-baseline"}) {
      jars.put(report, api(read(root.resolve("client-compat/target/japicmp/" + report + ".xml"),
          "the binary-compatibility report")));
    }
    Bump bump = verdict.equals("INCOMPATIBLE") || jars.containsValue("INCOMPATIBLE") ? Bump.MAJOR
        : verdict.equals("COMPATIBLE") || jars.containsValue("ADDITIONS") ? Bump.MINOR : Bump.PATCH;
    String released = released(root);
    String next = next(released, bump);

    Path changelog = root.resolve("CHANGELOG.md");
    Map<String, List<String>> sections = sections(entries, contract.getFileName().toString());
    int written = writeUnreleased(changelog, sections);

    Path inPlace = root.resolve("openapi/openapi.yaml");
    if (!Files.isSameFile(contract, inPlace)) {
      Files.copy(contract, inPlace, StandardCopyOption.REPLACE_EXISTING);
    }
    List<String> out = new ArrayList<>();
    out.add("Release: " + next + " (" + bump.name().toLowerCase() + ", after " + released + ")");
    out.add("Contract diff: " + verdict + " (openapi/target/contract-diff/contract-diff.md)");
    jars.forEach((report, api) -> out.add("Binary compatibility, " + report + ": " + api
        + " (client-compat/target/japicmp/" + report + ".md)"));
    out.add("CHANGELOG.md: " + written + " entries written into Unreleased");
    out.add("openapi/openapi.yaml: " + contract.getFileName());
    out.add("Next: bash .ci/run" + (bump == Bump.MAJOR ? " (the gates fail until the major version is raised)" : "")
        + ", then release/cut-release " + next);
    return out;
  }

  /** @return the last release's version, the root POM's {@code contract.baseline.version} */
  static String released(Path root) throws IOException {
    return match(BASELINE_VERSION, read(root.resolve("pom.xml"), "the root POM"), "contract.baseline.version");
  }

  /** @return the next version after {@code released} */
  static String next(String released, Bump bump) {
    Matcher version = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)").matcher(released);
    if (!version.matches()) {
      throw new IllegalArgumentException("the last release's version is not X.Y.Z: " + released);
    }
    int major = Integer.parseInt(version.group(1));
    int minor = Integer.parseInt(version.group(2));
    int patch = Integer.parseInt(version.group(3));
    return bump == Bump.MAJOR ? (major + 1) + ".0.0"
        : bump == Bump.MINOR ? major + "." + (minor + 1) + ".0" : major + "." + minor + "." + (patch + 1);
  }

  /** @return INCOMPATIBLE, ADDITIONS or UNCHANGED, from a japicmp XML report */
  static String api(String report) {
    if (report.contains("binaryCompatible=\"false\"") || report.contains("sourceCompatible=\"false\"")) {
      return "INCOMPATIBLE";
    }
    return report.contains("changeStatus=\"NEW\"") || report.contains("changeStatus=\"MODIFIED\"") ? "ADDITIONS"
        : "UNCHANGED";
  }

  /** The entries by changelog heading, each a Markdown item; breaking ones say so first. */
  static Map<String, List<String>> sections(List<String> entries, String contractName) {
    Map<String, List<String>> sections = new LinkedHashMap<>();
    sections.computeIfAbsent("Changed", heading -> new ArrayList<>())
        .add("- Contract: adopted `" + contractName + "`.");
    for (String entry : entries) {
      Matcher parts = ENTRY.matcher(entry);
      if (!parts.matches()) {
        throw new IllegalArgumentException("not a changelog entry of the contract gate: " + entry);
      }
      sections.computeIfAbsent(parts.group(1), heading -> new ArrayList<>())
          .add("- " + (parts.group(2) != null ? "Breaking: c" : "C") + "ontract: " + parts.group(3) + ".");
    }
    return sections;
  }

  /**
   * Adds each item under its heading of the Unreleased section (a heading made when missing, after those there),
   * skipping items already there.
   *
   * @return how many items were added
   */
  static int writeUnreleased(Path changelog, Map<String, List<String>> sections) throws IOException {
    List<String> lines = Files.readAllLines(changelog, StandardCharsets.UTF_8);
    int start = lines.indexOf("## [Unreleased]");
    if (start < 0) {
      throw new IllegalStateException(changelog + " has no \"## [Unreleased]\" section to write into");
    }
    int end = start + 1;
    while (end < lines.size() && !lines.get(end).startsWith("## ")) {
      end++;
    }
    // The section's blocks in their order, a heading may come twice: an item goes into its heading's first block.
    List<String> headings = new ArrayList<>();
    List<List<String>> blocks = new ArrayList<>();
    List<String> preamble = new ArrayList<>();
    List<String> current = preamble;
    for (String line : lines.subList(start + 1, end)) {
      if (line.startsWith("### ")) {
        headings.add(line.substring(4));
        blocks.add(current = new ArrayList<>());
      } else {
        current.add(line);
      }
    }
    int added = 0;
    for (Map.Entry<String, List<String>> section : sections.entrySet()) {
      int index = headings.indexOf(section.getKey());
      if (index < 0) {
        headings.add(section.getKey());
        blocks.add(new ArrayList<>());
        index = blocks.size() - 1;
      }
      List<String> block = blocks.get(index);
      trimBlankEnd(block);
      for (String item : section.getValue()) {
        if (!block.contains(item)) {
          block.add(item);
          added++;
        }
      }
    }
    List<String> region = new ArrayList<>();
    region.add("## [Unreleased]");
    trimBlankEnd(preamble);
    region.addAll(preamble.isEmpty() ? List.of("") : preamble);
    for (int i = 0; i < blocks.size(); i++) {
      trimBlankEnd(blocks.get(i));
      if (!region.get(region.size() - 1).isEmpty()) {
        region.add("");
      }
      region.add("### " + headings.get(i));
      region.addAll(blocks.get(i));
    }
    if (end < lines.size()) {
      region.add(""); // before the next release's section
    }
    List<String> written = new ArrayList<>(lines.subList(0, start));
    written.addAll(region);
    written.addAll(lines.subList(end, lines.size()));
    Files.write(changelog, (String.join("\n", written) + "\n").getBytes(StandardCharsets.UTF_8));
    return added;
  }

  private static void trimBlankEnd(List<String> block) {
    while (!block.isEmpty() && block.get(block.size() - 1).trim().isEmpty()) {
      block.remove(block.size() - 1);
    }
  }

  private static String read(Path file, String what) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(what + " is missing: " + file + " (run the gates first: release/adopt-contract)");
    }
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }

  private static String match(Pattern pattern, String text, String what) {
    Matcher found = pattern.matcher(text);
    if (!found.find()) {
      throw new IllegalStateException("no " + what + " found");
    }
    return found.group(1).trim();
  }
}
