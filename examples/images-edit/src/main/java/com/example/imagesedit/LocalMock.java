package com.example.imagesedit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The SDK repository's Prism mock ({@code mock-server/start-mock.js}) for one run, on a free port.
 *
 * <p>Prism answers with the contract's example, and the contract has none for image edits, so Prism would make up
 * {@code "string"} for {@code b64_json}. The mock therefore serves a copy of the contract, in a temporary folder, whose
 * 200 answer carries the input image {@code n} times: the run shows the whole round trip (request validated against
 * the contract, answer decoded, files written), not an edit. The contract itself is never changed.
 */
final class LocalMock implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("Prism is listening on (http://\\S+)");
  private static final long STARTUP_SECONDS = 60;
  private static final long STOP_SECONDS = 5;
  private static final int OUTPUT_TAIL_LINES = 20;
  private static final String EDIT_ANSWER = "/paths/~1images~1edits/post/responses/200/content/application~1json";

  private final Process process;
  private final Path workDir;
  private final Thread shutdownHook;
  private final Deque<String> outputTail = new ArrayDeque<>();
  private final CompletableFuture<String> listening = new CompletableFuture<>();
  private volatile boolean closed;

  /** A failure to start the mock; its message is one line. */
  static final class MockException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MockException(String message) {
      super(message);
    }
  }

  /**
   * @param image the image the mock answers with
   * @param count how many copies of it the answer holds
   * @return a running mock; close it to stop it
   */
  static LocalMock start(byte[] image, int count) {
    Path startScript = findMockServer().resolve("start-mock.js");
    String contractSetting = System.getenv("CONTRACT_FILE");
    Path contract = contractSetting != null ? Path.of(contractSetting).toAbsolutePath()
        : startScript.getParent().resolveSibling("openapi").resolve("openapi.yaml");
    Path workDir;
    try {
      workDir = Files.createTempDirectory("images-edit-mock-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary folder for the mock's contract", e);
    }
    try {
      Path answering = workDir.resolve("contract.json");
      writeContractAnswering(contract, answering, image, count);
      return new LocalMock(startScript, answering, workDir);
    } catch (RuntimeException e) {
      deleteRecursively(workDir);
      throw e;
    }
  }

  private LocalMock(Path startScript, Path contract, Path workDir) {
    this.workDir = workDir;
    ProcessBuilder builder = new ProcessBuilder("node", startScript.toString())
        .directory(startScript.getParent().toFile())
        .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("MOCK_HOST", "127.0.0.1");
    env.put("MOCK_PORT", "0"); // a free port, reported in Prism's "listening" line
    env.put("CONTRACT_FILE", contract.toString());
    env.put("NO_COLOR", "1");
    try {
      process = builder.start();
    } catch (IOException e) {
      deleteRecursively(workDir);
      throw new MockException("cannot run node (Node.js 20.16 or later must be on the PATH): " + e.getMessage());
    }
    // Ctrl+C (or any exit) must not leave Prism running.
    shutdownHook = new Thread(this::close, "images-edit-mock-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    Thread reader = new Thread(this::readOutput, "images-edit-mock-output");
    reader.setDaemon(true);
    reader.start();
    try {
      awaitReady();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Where clients send requests, e.g. {@code http://127.0.0.1:41234}: Prism serves the paths without /v1. */
  String baseUrl() {
    return listening.getNow(null);
  }

  /** Stops Prism and the script that started it, then deletes the temporary contract. Safe to call twice. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Snapshot first: once the script is gone, Prism is re-parented and no longer its descendant.
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    awaitExit(tree);
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    awaitExit(tree);
    deleteRecursively(workDir);
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shutdownInProgress) {
      // Called by the hook itself.
    }
  }

  private static Path findMockServer() {
    List<Path> starts = new ArrayList<>();
    starts.add(Path.of("").toAbsolutePath());
    // Also from the jar, so the program finds the repository it was built in whatever the working folder.
    CodeSource jar = LocalMock.class.getProtectionDomain().getCodeSource();
    if (jar != null) {
      try {
        starts.add(Path.of(jar.getLocation().toURI()));
      } catch (URISyntaxException unusualLocation) {
        // The working folder remains.
      }
    }
    for (Path start : starts) {
      for (Path dir = start; dir != null; dir = dir.getParent()) {
        if (Files.isRegularFile(dir.resolve("mock-server").resolve("start-mock.js"))) {
          return dir.resolve("mock-server");
        }
      }
    }
    throw new MockException("the mock is the SDK repository's mock-server/start-mock.js, found in neither the working"
        + " folder, the program's folder nor their parents: run images-edit inside the repository, or set "
        + "AI_STATS_API_KEY to call the real gateway");
  }

  private static void writeContractAnswering(Path contract, Path target, byte[] image, int count) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(contract.toFile());
    } catch (IOException e) {
      throw new MockException("cannot read the contract " + contract + ": " + e.getMessage());
    }
    JsonNode answer = root.at(EDIT_ANSWER);
    if (!(answer instanceof ObjectNode)) {
      throw new MockException("the contract " + contract + " has no JSON 200 answer for POST /images/edits");
    }
    ObjectNode media = (ObjectNode) answer;
    media.remove("examples"); // Prism would prefer these over "example"
    ObjectNode example = media.putObject("example");
    example.put("created", Instant.now().getEpochSecond());
    ArrayNode data = example.putArray("data");
    String base64 = Base64.getEncoder().encodeToString(image);
    for (int i = 0; i < count; i++) {
      data.addObject().put("b64_json", base64);
    }
    try {
      new ObjectMapper().writeValue(target.toFile(), root); // JSON is YAML, and Prism reads both
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the mock's contract " + target, e);
    }
  }

  private void readOutput() {
    try (BufferedReader output = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      // Read to the end: a full pipe would block Prism's request log.
      for (String line; (line = output.readLine()) != null; ) {
        synchronized (outputTail) {
          if (outputTail.size() == OUTPUT_TAIL_LINES) {
            outputTail.removeFirst();
          }
          outputTail.addLast(line);
        }
        Matcher matcher = LISTENING.matcher(line);
        if (matcher.find()) {
          listening.complete(matcher.group(1));
        }
      }
    } catch (IOException e) {
      // The pipe breaks when the process is stopped; the failure is reported by awaitReady.
    }
    listening.completeExceptionally(new MockException("output ended"));
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARTUP_SECONDS);
    URI url;
    try {
      url = URI.create(listening.get(STARTUP_SECONDS, TimeUnit.SECONDS));
    } catch (TimeoutException e) {
      throw startFailure("did not report its port within " + STARTUP_SECONDS + " s");
    } catch (ExecutionException e) {
      throw startFailure(closed ? "was stopped while starting" : "stopped before listening");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw startFailure("start was interrupted");
    }
    // Prism reports its port as it starts listening; connect until it accepts.
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 1000);
        return;
      } catch (IOException notYet) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw startFailure("does not accept connections on " + url);
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw startFailure("start was interrupted");
      }
    }
  }

  private MockException startFailure(String what) {
    String last;
    synchronized (outputTail) {
      last = outputTail.isEmpty() ? "no output" : outputTail.peekLast();
    }
    return new MockException("Prism " + what + " (last output: " + last.trim() + ")");
  }

  private static void awaitExit(List<ProcessHandle> processes) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_SECONDS);
    for (ProcessHandle handle : processes) {
      try {
        handle.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // Still running: the caller kills it.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // A temporary folder left behind is harmless.
    }
  }
}
