package io.github.gatewaysdk.aistats.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle is made from staged artifacts and checked as Central checks a deployment: each thing Central refuses is
 * reported, naming the file and what it lacks, and nothing is zipped then.
 */
class CentralBundleTest {
  private static final String METADATA = "  <url>https://example.invalid/sdk</url>\n"
      + "  <licenses><license><name>Apache License, Version 2.0</name></license></licenses>\n"
      + "  <developers><developer><name>Maintainers</name></developer></developers>\n"
      + "  <scm><url>https://example.invalid/sdk</url><connection>scm:git:https://example.invalid/sdk.git</connection>"
      + "</scm>\n";

  private static SigningKey key;

  @TempDir
  Path dir;

  @BeforeAll
  static void makeKey() {
    key = SigningKey.throwaway();
  }

  @Test
  void thePublishedSetIsTheRootPomAndEachModuleThatDoesNotSkipDeployment() throws IOException {
    Path root = dir.resolve("repository");
    Files.createDirectories(root);
    Files.writeString(root.resolve("pom.xml"), "<project><artifactId>sdk-parent</artifactId><modules>"
        + "<module>core</module><module>tests</module><module>new-module</module></modules></project>");
    String parentReference = "<parent><artifactId>sdk-parent</artifactId></parent>";
    for (String[] module : new String[][] {{"core", "sdk-core", ""}, {"new-module", "sdk-new", ""},
        {"tests", "sdk-tests", "<properties><maven.deploy.skip>true</maven.deploy.skip></properties>"}}) {
      Files.createDirectories(root.resolve(module[0]));
      Files.writeString(root.resolve(module[0]).resolve("pom.xml"), "<project>" + parentReference + "<artifactId>"
          + module[1] + "</artifactId>" + module[2] + "</project>");
    }
    assertEquals(new ArrayList<>(List.of("sdk-parent=.", "sdk-core=core", "sdk-new=new-module")),
        new ArrayList<>(CentralBundle.published(root).entrySet().stream().map(Object::toString).toList()));
  }

  /** A parent POM with the metadata, and a jar module inheriting it, as {@code deploy} stages them. */
  private Path staged(String version, String moduleMetadata, String... jarClassifiers) throws IOException {
    Path staging = dir.resolve("staging");
    Path parent = Files.createDirectories(staging.resolve("io/example/sdk-parent/" + version));
    Files.writeString(parent.resolve("sdk-parent-" + version + ".pom"), "<project>\n"
        + "  <groupId>io.example</groupId><artifactId>sdk-parent</artifactId><version>" + version + "</version>\n"
        + "  <packaging>pom</packaging><name>parent</name><description>the parent</description>\n" + METADATA
        + "</project>\n");
    Path module = Files.createDirectories(staging.resolve("io/example/sdk-core/" + version));
    Files.writeString(module.resolve("sdk-core-" + version + ".pom"), "<project>\n"
        + "  <parent><groupId>io.example</groupId><artifactId>sdk-parent</artifactId><version>" + version
        + "</version></parent>\n  <artifactId>sdk-core</artifactId><name>core</name><description>the core</description>\n"
        + moduleMetadata + "</project>\n");
    for (String classifier : jarClassifiers) {
      Files.write(module.resolve("sdk-core-" + version + classifier + ".jar"), ("jar" + classifier).getBytes(
          StandardCharsets.UTF_8));
    }
    Files.writeString(module.resolve("maven-metadata-local.xml"), "<metadata/>");
    return staging;
  }

  private List<String> make(Path staging, boolean snapshotsAllowed) throws IOException {
    return CentralBundle.make(staging, dir.resolve("bundle.zip"), key, snapshotsAllowed);
  }

  @Test
  void aCompleteSetIsSignedChecksummedAndZippedWithoutRepositoryMetadata() throws IOException {
    Path staging = staged("1.2.0", "", "", "-sources", "-javadoc");
    assertEquals(List.of(), make(staging, false));
    List<String> entries = new ArrayList<>();
    try (ZipFile zip = new ZipFile(dir.resolve("bundle.zip").toFile())) {
      zip.stream().forEach(entry -> entries.add(entry.getName()));
    }
    String jar = "io/example/sdk-core/1.2.0/sdk-core-1.2.0.jar";
    for (String suffix : List.of("", ".asc", ".md5", ".sha1", ".sha256", ".sha512")) {
      assertTrue(entries.contains(jar + suffix), jar + suffix + " in " + entries);
    }
    assertEquals(5 * 6, entries.size(), "two POMs, a jar, its sources and javadoc, each with its five: " + entries);
    assertFalse(entries.stream().anyMatch(entry -> entry.contains("maven-metadata")), entries.toString());
    Path staged = staging.resolve(jar);
    assertEquals("f92e777f4341930bad9b2422283c4680d00dbc06", Files.readString(staged.resolveSibling(
        staged.getFileName() + ".sha1")), "the SHA-1 of the bytes \"jar\"");
    assertNull(key.verify(staged, staged.resolveSibling(staged.getFileName() + ".asc")));
    assertTrue(Files.readString(dir.resolve("bundle.zip.public-key.asc")).startsWith(
        "-----BEGIN PGP PUBLIC KEY BLOCK-----"));
  }

  @Test
  void missingJarsAndMetadataAreEachNamedAndNothingIsZipped() throws IOException {
    Path staging = staged("1.2.0", "", "");
    Path parentPom = staging.resolve("io/example/sdk-parent/1.2.0/sdk-parent-1.2.0.pom");
    Files.writeString(parentPom, Files.readString(parentPom).replace(METADATA, ""));
    assertEquals(List.of(
        "io.example:sdk-core:1.2.0: the POM has no <url>",
        "io.example:sdk-core:1.2.0: the POM has no <licenses> with a <license> that has a <name>",
        "io.example:sdk-core:1.2.0: the POM has no <developers> with a <developer> that has a <name>",
        "io.example:sdk-core:1.2.0: the POM has no <scm> with <url> and <connection>",
        "io.example:sdk-core:1.2.0: no sdk-core-1.2.0-sources.jar (Central wants a jar, its sources and its javadoc)",
        "io.example:sdk-core:1.2.0: no sdk-core-1.2.0-javadoc.jar (Central wants a jar, its sources and its javadoc)",
        "io.example:sdk-parent:1.2.0: the POM has no <url>",
        "io.example:sdk-parent:1.2.0: the POM has no <licenses> with a <license> that has a <name>",
        "io.example:sdk-parent:1.2.0: the POM has no <developers> with a <developer> that has a <name>",
        "io.example:sdk-parent:1.2.0: the POM has no <scm> with <url> and <connection>"), make(staging, false));
    assertFalse(Files.exists(dir.resolve("bundle.zip")));
  }

  @Test
  void aModuleMayDeclareTheMetadataItselfButNotInheritItFromAParentOutsideTheBundle() throws IOException {
    Path staging = staged("1.2.0", METADATA, "", "-sources", "-javadoc");
    assertEquals(List.of(), make(staging, false));
    deleteTree(staging.resolve("io/example/sdk-parent"));
    assertEquals(List.of("io.example:sdk-core:1.2.0: its parent sdk-parent is not in the bundle"),
        make(staging, false));
  }

  @Test
  void aSnapshotIsRefusedUnlessTheCheckIsOfABuildBeforeItsRelease() throws IOException {
    Path staging = staged("1.3.0-SNAPSHOT", "", "", "-sources", "-javadoc");
    assertEquals(List.of(
        "io.example:sdk-core:1.3.0-SNAPSHOT: a snapshot version; Central takes releases only (cut the release first)",
        "io.example:sdk-parent:1.3.0-SNAPSHOT: a snapshot version; Central takes releases only (cut the release first)"),
        make(staging, false));
    assertEquals(List.of(), make(staging, true));
  }

  @Test
  void aFileChangedAfterSigningOrASignatureByAnotherKeyOrAWrongChecksumIsRefused() throws IOException {
    Path staging = staged("1.2.0", "", "", "-sources", "-javadoc");
    assertEquals(List.of(), make(staging, false));
    Path folder = staging.resolve("io/example/sdk-core/1.2.0");
    Files.writeString(folder.resolve("sdk-core-1.2.0.jar"), "changed");
    SigningKey.throwaway().sign(folder.resolve("sdk-core-1.2.0-sources.jar"));
    Files.writeString(folder.resolve("sdk-core-1.2.0-javadoc.jar.md5"), "0123");
    List<String> problems = BundleCheck.problems(staging, key, false);
    Collections.sort(problems);
    String jar = "io/example/sdk-core/1.2.0/sdk-core-1.2.0";
    assertEquals(5, problems.size(), problems.toString());
    assertEquals(jar + "-javadoc.jar: its .md5 checksum does not match the file", problems.get(0));
    assertTrue(problems.get(1).matches(jar + "-sources.jar.asc is signed by key [0-9A-F]{16}, not by " + key.id()),
        problems.get(1));
    assertEquals(List.of(jar + ".jar.asc does not match the file (changed after signing?)",
        jar + ".jar: its .md5 checksum does not match the file", jar + ".jar: its .sha1 checksum does not match the file"),
        problems.subList(2, 5));
  }

  private static void deleteTree(Path root) throws IOException {
    try (var walk = Files.walk(root)) {
      for (Path path : walk.sorted(Collections.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
