package io.github.gatewaysdk.aistats.release;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Makes the Central bundle of the SDK's published modules: their POMs and jars staged in Maven repository layout,
 * every file checksummed and signed, the whole checked as Central validates it ({@link BundleCheck}), then zipped for
 * the Publisher Portal's upload. Nothing is uploaded.
 *
 * <p>{@code CentralBundle <repository root> <version> <bundle.zip> [--allow-snapshot]}, after the modules were built
 * ({@code ./mvnw -B clean verify -Prelease} runs it last). The key is {@code AI_STATS_SIGNING_KEY} (an armoured secret
 * key) with {@code AI_STATS_SIGNING_PASSPHRASE}; without it a throwaway key is made so that the check runs, and the
 * bundle is said to be not publishable.
 */
public final class CentralBundle {
  /** The group every published artifact is in. */
  static final String GROUP = "io.github.gatewaysdk";
  /** The modules whose POMs say they are not deployed. */
  private static final String NOT_DEPLOYED = "<maven.deploy.skip>true</maven.deploy.skip>";
  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
  /** A POM's own artifactId: the first after its parent reference, if it has one. */
  private static final Pattern ARTIFACT_ID = Pattern.compile("<artifactId>([^<]+)</artifactId>");

  /** Entries of the zip carry this time, so that the same artifacts make the same bundle. */
  private static final FileTime ENTRY_TIME = FileTime.fromMillis(0);

  private CentralBundle() {
  }

  /**
   * What is published, as the POMs say it: the root POM (every module's parent) and each of its modules but those that
   * skip deployment ({@code maven.deploy.skip}), so that a new module is published unless its POM says otherwise.
   *
   * @return each published artifact and the folder of its module (relative to {@code root}), in the root POM's order
   */
  static Map<String, String> published(Path root) throws IOException {
    Map<String, String> modules = new LinkedHashMap<>();
    String parent = read(root.resolve("pom.xml"));
    modules.put(artifactId(parent), ".");
    Matcher module = MODULE.matcher(parent);
    while (module.find()) {
      String pom = read(root.resolve(module.group(1)).resolve("pom.xml"));
      if (!pom.contains(NOT_DEPLOYED)) {
        modules.put(artifactId(pom), module.group(1));
      }
    }
    return modules;
  }

  private static String artifactId(String pom) {
    int parentEnd = pom.indexOf("</parent>");
    Matcher id = ARTIFACT_ID.matcher(pom);
    if (!id.find(Math.max(parentEnd, 0))) {
      throw new IllegalStateException("a POM without its artifactId");
    }
    return id.group(1);
  }

  private static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }

  /**
   * Runs in the build's own JVM (exec:java), so a refusal is an exception that fails the build, not an exit.
   *
   * @throws IllegalStateException listing what Central would refuse
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 3 || args.length > 4 || (args.length == 4 && !args[3].equals("--allow-snapshot"))) {
      throw new IllegalArgumentException(
          "usage: CentralBundle <repository root> <version> <bundle.zip> [--allow-snapshot]");
    }
    String armored = System.getenv("AI_STATS_SIGNING_KEY");
    SigningKey key = armored == null || armored.trim().isEmpty() ? SigningKey.throwaway()
        : SigningKey.of(armored, System.getenv("AI_STATS_SIGNING_PASSPHRASE"));
    Path bundle = Paths.get(args[2]);
    Path staging = stage(Paths.get(args[0]), args[1], bundle.resolveSibling("staging"));
    List<String> problems = make(staging, bundle, key, args.length == 4);
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Central would refuse the bundle:\n  " + String.join("\n  ", problems));
    }
    System.out.println("Bundle " + bundle + " passes Central's checks, signed by key " + key.id()
        + (key.isThrowaway() ? " (a throwaway key made for this check: NOT publishable; set AI_STATS_SIGNING_KEY)"
            : "") + "; its public key is in " + publicKeyFile(bundle));
  }

  /**
   * Copies each published module's POM and jars (main, sources, javadoc: those it built) into {@code staging}, in
   * Maven repository layout, as a deployment would place them.
   *
   * @return {@code staging}, emptied first
   */
  static Path stage(Path root, String version, Path staging) throws IOException {
    if (Files.exists(staging)) {
      try (Stream<Path> walk = Files.walk(staging)) {
        for (Path path : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
          Files.delete(path);
        }
      }
    }
    for (Map.Entry<String, String> published : published(root).entrySet()) {
      String base = published.getKey() + "-" + version;
      Path module = root.resolve(published.getValue());
      Path folder = Files.createDirectories(staging.resolve(GROUP.replace('.', '/')).resolve(published.getKey())
          .resolve(version));
      Files.copy(module.resolve("pom.xml"), folder.resolve(base + ".pom"));
      for (String classifier : new String[] {"", "-sources", "-javadoc"}) {
        Path jar = module.resolve("target").resolve(base + classifier + ".jar");
        if (Files.exists(jar)) {
          Files.copy(jar, folder.resolve(jar.getFileName()));
        }
      }
    }
    return staging;
  }

  /**
   * Signs and checksums the staged artifacts, checks them, and zips them when Central would take them.
   *
   * @return what Central would refuse; the bundle is written only when this is empty
   */
  static List<String> make(Path staging, Path bundle, SigningKey key, boolean snapshotsAllowed) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(staging)) {
      files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
    for (Path file : files) {
      if (!BundleCheck.isArtifact(file)) {
        Files.delete(file); // metadata, and sums or signatures of an earlier run: written again below
      }
    }
    for (Path file : files) {
      if (BundleCheck.isArtifact(file)) {
        for (Map<String, String> checksums : List.of(BundleCheck.REQUIRED_CHECKSUMS, BundleCheck.OPTIONAL_CHECKSUMS)) {
          for (Map.Entry<String, String> checksum : checksums.entrySet()) {
            Files.write(file.resolveSibling(file.getFileName() + "." + checksum.getKey()),
                BundleCheck.digest(file, checksum.getValue()).getBytes(StandardCharsets.US_ASCII));
          }
        }
        key.sign(file);
      }
    }
    List<String> problems = BundleCheck.problems(staging, key, snapshotsAllowed);
    if (problems.isEmpty()) {
      zip(staging, bundle);
      Files.write(publicKeyFile(bundle), key.armoredPublicKey().getBytes(StandardCharsets.US_ASCII));
    }
    return problems;
  }

  private static Path publicKeyFile(Path bundle) {
    return bundle.resolveSibling(bundle.getFileName() + ".public-key.asc");
  }

  private static void zip(Path staging, Path bundle) throws IOException {
    if (bundle.getParent() != null) {
      Files.createDirectories(bundle.getParent());
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(staging)) {
      files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
    try (OutputStream out = Files.newOutputStream(bundle); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Path file : files) {
        ZipEntry entry = new ZipEntry(staging.relativize(file).toString().replace('\\', '/'));
        entry.setLastModifiedTime(ENTRY_TIME);
        zip.putNextEntry(entry);
        Files.copy(file, zip);
        zip.closeEntry();
      }
    }
  }
}
