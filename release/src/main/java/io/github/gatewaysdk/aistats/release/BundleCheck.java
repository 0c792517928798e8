package io.github.gatewaysdk.aistats.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks a bundle in Maven repository layout the way Central validates a deployment: every component has its POM,
 * a jar component its jar, sources and javadoc; every file has valid {@code .md5} and {@code .sha1} checksums and a
 * signature by the release key; every POM names its coordinates (as its folders do), name, description, url,
 * licenses, developers and scm (the last four may come from a parent in the bundle); no version is a snapshot.
 */
final class BundleCheck {
  /** Checksums Central requires of every file, and the digest each holds. */
  static final Map<String, String> REQUIRED_CHECKSUMS = Map.of("md5", "MD5", "sha1", "SHA-1");
  /** Checksums Central accepts besides, written too. */
  static final Map<String, String> OPTIONAL_CHECKSUMS = Map.of("sha256", "SHA-256", "sha512", "SHA-512");

  private final Path root;
  private final SigningKey key;
  private final boolean snapshotsAllowed;
  private final List<String> problems = new ArrayList<>();

  private BundleCheck(Path root, SigningKey key, boolean snapshotsAllowed) {
    this.root = root;
    this.key = key;
    this.snapshotsAllowed = snapshotsAllowed;
  }

  /**
   * @param root the bundle's root (the folder holding {@code io/github/...})
   * @param key the key every signature must be by
   * @param snapshotsAllowed whether a snapshot version passes (a check of a build's artifacts before its release)
   * @return what Central would refuse, each naming the file and what it lacks; empty when it would take the bundle
   */
  static List<String> problems(Path root, SigningKey key, boolean snapshotsAllowed) throws IOException {
    BundleCheck check = new BundleCheck(root, key, snapshotsAllowed);
    List<Path> components = check.components();
    if (components.isEmpty()) {
      check.problems.add(root + " holds no component");
    }
    for (Path component : components) {
      check.component(component);
    }
    return check.problems;
  }

  /** @return true for a file that is an artifact (not a checksum, a signature or repository metadata) */
  static boolean isArtifact(Path file) {
    String name = file.getFileName().toString();
    return !name.endsWith(".asc") && !name.startsWith("maven-metadata") && Stream.concat(
        REQUIRED_CHECKSUMS.keySet().stream(), OPTIONAL_CHECKSUMS.keySet().stream())
        .noneMatch(extension -> name.endsWith("." + extension));
  }

  /** @return the hex digest of the file's bytes */
  static String digest(Path file, String algorithm) throws IOException {
    try {
      byte[] hash = MessageDigest.getInstance(algorithm).digest(Files.readAllBytes(file));
      StringBuilder hex = new StringBuilder();
      for (byte b : hash) {
        hex.append(String.format("%02x", b));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is a JDK digest", e);
    }
  }

  /** The folders that hold files: each a group/artifact/version component. */
  private List<Path> components() throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).map(Path::getParent).distinct().sorted().collect(Collectors.toList());
    }
  }

  private void component(Path folder) throws IOException {
    Path relative = root.relativize(folder);
    if (relative.getNameCount() < 3) {
      problems.add(relative + ": files must be in group/artifact/version folders");
      return;
    }
    String version = folder.getFileName().toString();
    String artifactId = folder.getParent().getFileName().toString();
    String groupId = relative.getParent().getParent().toString().replace(relative.getFileSystem().getSeparator(), ".");
    String label = groupId + ":" + artifactId + ":" + version;
    if (version.endsWith("-SNAPSHOT") && !snapshotsAllowed) {
      problems.add(label + ": a snapshot version; Central takes releases only (cut the release first)");
      return;
    }
    String base = artifactId + "-" + version;
    Path pomFile = folder.resolve(base + ".pom");
    if (!Files.isRegularFile(pomFile)) {
      problems.add(label + ": no " + base + ".pom");
      return;
    }
    Element pom = read(pomFile);
    if (pom == null) {
      problems.add(label + ": " + base + ".pom is not a readable POM");
      return;
    }
    pomElements(label, pom, groupId, artifactId, version);
    String packaging = text(pom, "packaging");
    if (!"pom".equals(packaging)) {
      for (String classifier : new String[] {"", "-sources", "-javadoc"}) {
        if (!Files.isRegularFile(folder.resolve(base + classifier + ".jar"))) {
          problems.add(label + ": no " + base + classifier + ".jar (Central wants a jar, its sources and its javadoc)");
        }
      }
    }
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(BundleCheck::isArtifact).sorted().collect(Collectors.toList())) {
        checksumsAndSignature(file);
      }
    }
  }

  private void checksumsAndSignature(Path file) throws IOException {
    String name = root.relativize(file).toString();
    for (Map.Entry<String, String> checksum : new TreeMap<>(REQUIRED_CHECKSUMS).entrySet()) {
      Path sum = file.resolveSibling(file.getFileName() + "." + checksum.getKey());
      if (!Files.isRegularFile(sum)) {
        problems.add(name + ": no ." + checksum.getKey() + " checksum");
      } else {
        String written = new String(Files.readAllBytes(sum), StandardCharsets.US_ASCII).trim().split("\\s")[0];
        if (!written.equalsIgnoreCase(digest(file, checksum.getValue()))) {
          problems.add(name + ": its ." + checksum.getKey() + " checksum does not match the file");
        }
      }
    }
    Path signature = file.resolveSibling(file.getFileName() + ".asc");
    if (!Files.isRegularFile(signature)) {
      problems.add(name + ": no .asc signature");
    } else {
      String wrong = key.verify(file, signature);
      if (wrong != null) {
        problems.add(name + ".asc " + wrong);
      }
    }
  }

  private void pomElements(String label, Element pom, String groupId, String artifactId, String version)
      throws IOException {
    Element parent = child(pom, "parent");
    String declaredGroup = text(pom, "groupId") != null ? text(pom, "groupId") : text(parent, "groupId");
    String declaredVersion = text(pom, "version") != null ? text(pom, "version") : text(parent, "version");
    expect(label, "groupId", groupId, declaredGroup);
    expect(label, "artifactId", artifactId, text(pom, "artifactId"));
    expect(label, "version", version, declaredVersion);
    for (String element : new String[] {"name", "description"}) {
      if (text(pom, element) == null) {
        problems.add(label + ": the POM has no <" + element + ">");
      }
    }
    Element inherited = parent == null ? null : parentPom(parent);
    if (parent != null && inherited == null) {
      problems.add(label + ": its parent " + text(parent, "artifactId") + " is not in the bundle");
    }
    if (text(pom, "url") == null && text(inherited, "url") == null) {
      problems.add(label + ": the POM has no <url>");
    }
    requireChild(label, pom, inherited, "licenses", "license", "name");
    requireChild(label, pom, inherited, "developers", "developer", "name");
    Element scm = child(pom, "scm") != null ? child(pom, "scm") : child(inherited, "scm");
    if (scm == null || text(scm, "url") == null || text(scm, "connection") == null) {
      problems.add(label + ": the POM has no <scm> with <url> and <connection>");
    }
  }

  private void expect(String label, String element, String expected, String declared) {
    if (!expected.equals(declared)) {
      problems.add(label + ": the POM's " + element + " is " + declared + ", its folder says " + expected);
    }
  }

  private void requireChild(String label, Element pom, Element inherited, String list, String item, String named) {
    Element holder = child(pom, list) != null ? child(pom, list) : child(inherited, list);
    Element first = child(holder, item);
    if (first == null || text(first, named) == null) {
      problems.add(label + ": the POM has no <" + list + "> with a <" + item + "> that has a <" + named + ">");
    }
  }

  /** The parent's POM, when the bundle holds it. */
  private Element parentPom(Element parent) throws IOException {
    String group = text(parent, "groupId");
    String artifact = text(parent, "artifactId");
    String version = text(parent, "version");
    if (group == null || artifact == null || version == null) {
      return null;
    }
    Path file = root.resolve(group.replace('.', '/')).resolve(artifact).resolve(version)
        .resolve(artifact + "-" + version + ".pom");
    return Files.isRegularFile(file) ? read(file) : null;
  }

  private static Element read(Path pom) throws IOException {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document document = factory.newDocumentBuilder().parse(pom.toFile());
      return document.getDocumentElement();
    } catch (org.xml.sax.SAXException | javax.xml.parsers.ParserConfigurationException e) {
      return null;
    }
  }

  private static Element child(Element parent, String name) {
    if (parent == null) {
      return null;
    }
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element && name.equals(node.getLocalName())) {
        return (Element) node;
      }
    }
    return null;
  }

  private static String text(Element parent, String name) {
    Element element = child(parent, name);
    String text = element == null ? null : element.getTextContent().trim();
    return text == null || text.isEmpty() ? null : text;
  }
}
