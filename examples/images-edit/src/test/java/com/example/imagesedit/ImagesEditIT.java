package com.example.imagesedit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;


import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.gatewaysdk.aistats.mock.AiStatsMock;
import io.github.gatewaysdk.aistats.mock.WithAiStatsMock;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

import java.net.InetAddress;
import java.net.InetSocketAddress;


import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged program ({@code java -jar}) as a user would, against the gateway's mock or a stub gateway. */
@WithAiStatsMock
class ImagesEditIT {
  private static final Path JAR = Path.of(System.getProperty("images-edit.jar"));
  /** For runs that fail before any call: a key, and a closed port that a call would fail on. */
  private static final Map<String, String> UNUSED_GATEWAY =
      Map.of("AI_STATS_API_KEY", "unused", "AI_STATS_BASE_URL", "http://127.0.0.1:9/v1");

  @TempDir
  Path dir;

  private HttpServer gateway;

  @AfterEach
  void stopGateway() {
    if (gateway != null) {
      gateway.stop(0);
    }
  }

  @Test
  void packagedProgramAgainstTheMock(AiStatsMock mock) throws Exception {
    Path input = writeImage(dir.resolve("cat.png"), "png", 16, 12);
    byte[] edited = imageBytes("jpg", 10, 6);
    mock.answerNextJson(200, "{\"created\":1,\"data\":[{\"b64_json\":\""
        + java.util.Base64.getEncoder().encodeToString(edited) + "\"}]}");

    Result result = run(Map.of("AI_STATS_API_KEY", "test-key", "AI_STATS_BASE_URL", mock.baseUrl()),
        "--image", input.toString(), "--prompt", "add a top hat", "--out", dir.toString());

    assertEquals(0, result.exit, result.toString());
    assertEquals("Gateway: " + mock.baseUrl(), result.stdout.lines().findFirst().orElse(""), result.toString());
    assertEquals(List.of(dir.resolve("cat-edit-1.jpg")), result.writtenFiles(), result.toString());
    assertArrayEquals(edited, Files.readAllBytes(dir.resolve("cat-edit-1.jpg")));
    assertEquals(1, mock.calls().size());
  }

  @Test
  void withKeyCallsTheGatewayAndDownloadsUrlResults() throws Exception {
    Path input = writeImage(dir.resolve("cat.png"), "png", 4, 4);
    byte[] result = imageBytes("jpg", 10, 6);
    AtomicReference<String> authorization = new AtomicReference<>();
    AtomicReference<String> body = new AtomicReference<>();
    gateway = startGateway();
    gateway.createContext("/v1/images/edits", exchange -> {
      authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
      body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      respond(exchange, 200, "application/json",
          ("{\"created\":1,\"data\":[{\"url\":\"" + baseUrl() + "/files/result.jpg?sig=x\"}]}").getBytes(StandardCharsets.UTF_8));
    });
    gateway.createContext("/files/result.jpg", exchange -> respond(exchange, 200, "image/jpeg", result));

    Result outcome = run(Map.of("AI_STATS_API_KEY", "test-key", "AI_STATS_BASE_URL", baseUrl() + "/v1"),
        "--image", input.toString(), "--prompt", "add a top hat", "--model", "some-model", "--out", dir.toString());

    assertEquals(0, outcome.exit, outcome.toString());
    assertEquals("Bearer test-key", authorization.get());
    assertTrue(body.get().contains("data:image/png;base64,"), "the image is sent as a data URL");
    assertTrue(body.get().contains("some-model"));
    Path file = dir.resolve("cat-edit-1.jpg");
    assertEquals(List.of(file), outcome.writtenFiles(), outcome.toString());
    assertArrayEquals(result, Files.readAllBytes(file));
  }

  @Test
  void gatewayErrorIsOneTypedLine() throws Exception {
    Path input = writeImage(dir.resolve("cat.png"), "png", 4, 4);
    gateway = startGateway();
    gateway.createContext("/v1/images/edits", exchange -> respond(exchange, 401, "application/json",
        "{\"error\":{\"message\":\"Invalid API key\"}}".getBytes(StandardCharsets.UTF_8)));

    Result result = run(Map.of("AI_STATS_API_KEY", "sk-secret-123", "AI_STATS_BASE_URL", baseUrl() + "/v1"),
        "--image", input.toString(), "--prompt", "hat", "--out", dir.resolve("out").toString());

    assertOneLineError(result, 1, "401");
    assertTrue(result.stderr.contains("check AI_STATS_API_KEY"), result.toString());
    assertFalse(result.stdout.contains("sk-secret-123") || result.stderr.contains("sk-secret-123"));
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void missingImageIsOneLine() {
    Result result = run(UNUSED_GATEWAY, "--image", dir.resolve("nope.png").toString(), "--prompt", "hat");

    assertOneLineError(result, 2, "image not found: " + dir.resolve("nope.png"));
  }

  @Test
  void unsupportedImageTypeIsOneLine() throws Exception {
    Path gif = writeImage(dir.resolve("anim.gif"), "gif", 4, 4);

    Result result = run(UNUSED_GATEWAY, "--image", gif.toString(), "--prompt", "hat");

    assertOneLineError(result, 2, "unsupported image type");
  }

  @Test
  void withoutKeyIsOneLine() throws Exception {
    Path input = writeImage(dir.resolve("cat.png"), "png", 4, 4);

    Result result = run(Map.of("AI_STATS_BASE_URL", "https://gateway.example/v1"),
        "--image", input.toString(), "--prompt", "hat");

    assertOneLineError(result, 2, "No AI Stats API key: set the AI_STATS_API_KEY environment variable");
  }

  @Test
  void missingPromptIsOneLine() throws Exception {
    Result result = run(Map.of(), "--image", "cat.png");

    assertOneLineError(result, 2, "--prompt is required");
  }

  private static void assertOneLineError(Result result, int exit, String fragment) {
    assertEquals(exit, result.exit, result.toString());
    List<String> lines = result.stderr.lines().toList();
    assertEquals(1, lines.size(), "one line expected: " + result);
    assertTrue(lines.get(0).startsWith("images-edit: ") && lines.get(0).contains(fragment), result.toString());
    assertFalse(result.stderr.contains("Exception") || result.stderr.contains("\tat "), result.toString());
  }

  private HttpServer startGateway() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.start();
    return server;
  }

  private String baseUrl() {
    return "http://127.0.0.1:" + gateway.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static Path writeImage(Path file, String format, int width, int height) throws IOException {
    return Files.write(file, imageBytes(format, width, height));
  }

  private static byte[] imageBytes(String format, int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < width; x++) {
      image.setRGB(x, 0, 0xFF8800);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, format, bytes), "no ImageIO writer for " + format);
    return bytes.toByteArray();
  }

  private Result run(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    Path stdout = dir.resolve("stdout.txt");
    Path stderr = dir.resolve("stderr.txt");
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile());
    // The program picks mock or gateway from these: each test states them.
    builder.environment().keySet().removeIf(name -> name.startsWith("AI_STATS_"));
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        fail("images-edit did not finish within 120 s: " + String.join(" ", args));
      }
      return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private record Result(int exit, String stdout, String stderr) {
    List<Path> writtenFiles() {
      return stdout.lines().filter(line -> line.startsWith("Wrote ")).map(line -> Path.of(line.substring(6))).toList();
    }

    String reported(String prefix) {
      return stdout.lines().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()))
          .findFirst().orElseThrow(() -> new AssertionError("no \"" + prefix + "\" line: " + this));
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }
}
