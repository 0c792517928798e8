package com.example.imagesedit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gatewaysdk.aistats.AiStatsClient;
import io.github.gatewaysdk.aistats.mock.AiStatsMock;
import io.github.gatewaysdk.aistats.mock.MockCall;
import io.github.gatewaysdk.aistats.mock.WithAiStatsMock;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** This program's code against the gateway's mock: what a user's own tests look like with ai-stats-mock. */
@WithAiStatsMock
class ImagesEditMockIT {
  @TempDir
  Path dir;

  private static byte[] png() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB), "png", bytes);
    return bytes.toByteArray();
  }

  /** The gateway's answer with one image: the contract has no example image, so the test gives one. */
  private static String answerWith(byte[] image) {
    return "{\"created\":1,\"data\":[{\"b64_json\":\"" + Base64.getEncoder().encodeToString(image) + "\"}]}";
  }

  private ImagesEdit.Options options(String... extra) throws IOException {
    Path image = Files.write(dir.resolve("cat.png"), png());
    String[] args = {"--image", image.toString(), "--prompt", "add a top hat", "--out", dir.resolve("out").toString()};
    String[] all = Arrays.copyOf(args, args.length + extra.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    return ImagesEdit.Options.parse(all);
  }

  private record Run(int exit, String out, String err) {
  }

  private static Run run(AiStatsClient client, ImagesEdit.Options options) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = ImagesEdit.run(client, options, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void writesTheImageTheGatewayAnswers(AiStatsClient client, AiStatsMock mock) throws IOException {
    byte[] edited = png();
    mock.answerNextJson(200, answerWith(edited));

    Run result = run(client, options("--n", "1", "--providers", "openai,google"));

    assertEquals(0, result.exit(), result.toString());
    Path file = dir.resolve("out").resolve("cat-edit-1.png").toAbsolutePath();
    assertEquals(List.of("Wrote " + file), result.out().lines().filter(line -> line.startsWith("Wrote ")).toList());
    assertArrayEquals(edited, Files.readAllBytes(file));
    assertEquals(List.of(new MockCall("POST", "/images/edits", 200, List.of(), true)), mock.calls(),
        "the request was valid: the mock reported no violation");
  }

  @Test
  void requestTheGatewayRejectsIsOneLineNamingTheProperty(AiStatsClient client, AiStatsMock mock) throws IOException {
    ImagesEdit.Options options = options();
    options.providers = Arrays.asList("openai", null); // e.g. from a setting that was never filled in

    Run result = run(client, options);

    assertEquals(1, result.exit(), result.toString());
    assertTrue(result.err().startsWith("images-edit: 422 Unprocessable Entity from POST /images/edits: body.provider.order.1"),
        result.toString());
    assertEquals(List.of("POST /images/edits: body.provider.order.1: Request body property provider.order.1 must be string"),
        mock.takeViolations());
  }

  @Test
  void rateLimitedCallIsRetriedAfterRetryAfter(AiStatsClient client, AiStatsMock mock) throws IOException {
    mock.answerNext(429, "Retry-After", "1").answerNextJson(200, answerWith(png()));

    Run result = run(client, options());

    assertEquals(0, result.exit(), result.toString());
    assertEquals(List.of(429, 200), mock.calls().stream().map(MockCall::status).toList(), "two attempts");
  }

  @Test
  void rejectedKeyTellsWhatToCheck(AiStatsClient client, AiStatsMock mock) throws IOException {
    mock.answerNext(401);

    Run result = run(client, options());

    assertEquals(1, result.exit(), result.toString());
    assertTrue(result.err().trim().endsWith("; check AI_STATS_API_KEY"), result.toString());
    assertTrue(Files.notExists(dir.resolve("out")), "nothing written");
  }
}
