package io.github.gatewaysdk.aistats;

import io.github.gatewaysdk.aistats.internal.Validation;
import static io.github.gatewaysdk.aistats.TestSupport.clientFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gatewaysdk.aistats.core.FaultServer;
import io.github.gatewaysdk.aistats.errors.AiStatsConnectionException;
import io.github.gatewaysdk.aistats.errors.AiStatsException;
import io.github.gatewaysdk.aistats.errors.MalformedResponseException;
import io.github.gatewaysdk.aistats.errors.NotFoundException;
import io.github.gatewaysdk.aistats.model.Image;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageHelpersTest {
  static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R'};
  static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'};
  static final byte[] WEBP = {'R', 'I', 'F', 'F', 0x24, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' '};

  @TempDir
  Path dir;
  private FaultServer server;
  private AiStatsClient client;

  @BeforeEach
  void start() throws Exception {
    server = new FaultServer();
    client = clientFor(server.baseUrl()).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void mimeTypeIsSniffedFromContent() {
    assertEquals("image/png", ImageData.mimeType(PNG));
    assertEquals("image/jpeg", ImageData.mimeType(JPEG));
    assertEquals("image/webp", ImageData.mimeType(WEBP));
  }

  @Test
  void otherContentIsRejectedNamingTheSupportedTypes() {
    IllegalArgumentException gif = assertThrows(IllegalArgumentException.class,
        () -> ImageData.toDataUrl("GIF89a....".getBytes()));
    assertEquals("unsupported image type: expected PNG, JPEG or WebP (recognised by their first bytes)",
        gif.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ImageData.mimeType(new byte[] {'R', 'I', 'F', 'F', 0, 0}));
    assertEquals("image is empty; expected PNG, JPEG or WebP",
        assertThrows(IllegalArgumentException.class, () -> ImageData.mimeType(new byte[0])).getMessage());
  }

  @Test
  void dataUrlsFromBytesStreamsAndFiles() throws Exception {
    String expected = "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(JPEG);
    assertEquals(expected, ImageData.toDataUrl(JPEG));
    assertEquals(expected, ImageData.toDataUrl(new ByteArrayInputStream(JPEG)));
    Path file = Files.write(dir.resolve("photo.bin"), JPEG);
    assertEquals(expected, ImageData.toDataUrl(file));
    Validation.imageReference("image", expected);
  }

  @Test
  void resultImageFromBase64() throws Exception {
    Image image = new Image().b64Json(Base64.getEncoder().encodeToString(PNG));
    assertArrayEquals(PNG, client.images().bytes(image));
    Path saved = client.images().save(image, dir.resolve("out.png"));
    assertArrayEquals(PNG, Files.readAllBytes(saved));
    assertEquals(0, server.requestCount());
  }

  /** Garbage that Base64's lenient decoder turns into a few bytes is not an image. */
  @ParameterizedTest
  @ValueSource(strings = {"<html><body>Bad Gateway</body></html>", "!!!!", "aGVsbG8="})
  void base64ThatHoldsNoImageIsRejected(String b64) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> client.images().bytes(new Image().b64Json(b64)));
    assertTrue(e.getMessage().startsWith("the image's b64_json does not hold a PNG, JPEG, WebP or GIF image"),
        e.getMessage());
  }

  @Test
  void aDownloadAnsweringHtmlIsNotAnImage() {
    server.then(FaultServer.respond(200, "text/html", "<html>login</html>"));
    Image image = new Image().url(server.baseUrl().replace("/v1", "") + "/files/out.png");
    MalformedResponseException e = assertThrows(MalformedResponseException.class, () -> client.images().bytes(image));
    assertTrue(e.getMessage().contains("expected image/* but got text/html"), e.getMessage());
  }

  @Test
  void aDownloadAnsweringOtherBytesIsNotAnImage() {
    server.then(FaultServer.respond(200, "image/png", "not a png at all"));
    Image image = new Image().url(server.baseUrl().replace("/v1", "") + "/files/out.png");
    AiStatsException e = assertThrows(AiStatsException.class, () -> client.images().bytes(image));
    assertTrue(e.getMessage().contains("did not answer with a PNG, JPEG, WebP or GIF image (16 bytes)"),
        e.getMessage());
  }

  @Test
  void downloadsAreLimitedToHttpsAndToTheAllowedHosts() {
    try (AiStatsClient remote = AiStatsClient.builder().apiKey(TestSupport.API_KEY)
        .baseUrl("https://api.example.test/v1").build()) {
      IllegalArgumentException http = assertThrows(IllegalArgumentException.class,
          () -> remote.images().bytes(new Image().url("http://169.254.169.254/latest/meta-data")));
      assertEquals("the image's url must be an https URL, was http:", http.getMessage());
    }
    Image image = new Image().url(server.baseUrl().replace("/v1", "") + "/files/out.png");
    IllegalArgumentException elsewhere = assertThrows(IllegalArgumentException.class,
        () -> client.images().bytes(image, List.of("cdn.example.com")));
    assertEquals("the image's url names the host 127.0.0.1, which is not among the allowed hosts [cdn.example.com]",
        elsewhere.getMessage());
    assertEquals(0, server.requestCount());
    server.then(FaultServer.respond(200, "image/png", PNG));
    assertArrayEquals(PNG, client.images().bytes(image, List.of("127.0.0.1")));
  }

  /** An answer naming this machine by any spelling gets nothing from it; the base URL's host stays reachable. */
  @ParameterizedTest
  @ValueSource(strings = {"localhost", "127.0.0.1", "2130706433", "[::1]", "169.254.169.254", "10.0.0.8"})
  void downloadsFromPrivateNetworksAreRefused(String host) {
    try (AiStatsClient remote = AiStatsClient.builder().apiKey(TestSupport.API_KEY)
        .baseUrl("https://api.example.test/v1").maxRetries(2).build()) {
      AiStatsConnectionException e = assertThrows(AiStatsConnectionException.class,
          () -> remote.images().bytes(new Image().url("https://" + host + "/out.png")));
      assertTrue(e.getMessage().startsWith("GET https://" + host + "/out.png was not sent: the host "), e.getMessage());
      assertTrue(e.getMessage().endsWith("unless the client is built with allowPrivateNetworks(true)"),
          e.getMessage());
    }
    IllegalArgumentException noHost = assertThrows(IllegalArgumentException.class,
        () -> client.images().bytes(new Image().url("https://127.1/out.png")));
    assertEquals("the image's url names no host a client can connect to: 127.1", noHost.getMessage());
  }

  @Test
  void resultImageFromUrlIsDownloadedWithoutTheKey() {
    server.then(FaultServer.respond(200, "image/png", PNG));
    Image image = new Image().url(server.baseUrl().replace("/v1", "") + "/files/out.png?sig=secret");
    assertArrayEquals(PNG, client.images().bytes(image));
    FaultServer.Request download = server.requests().get(0);
    assertEquals("GET", download.method());
    assertNull(download.header("authorization"));
    assertTrue(download.header("user-agent").startsWith("ai-stats-client/"), download.header("user-agent"));
  }

  @Test
  void failedDownloadIsTypedAndHidesTheQuery() {
    server.then(FaultServer.json(404, "{\"message\":\"expired\"}"));
    Image image = new Image().url(server.baseUrl().replace("/v1", "") + "/files/out.png?sig=secret");
    NotFoundException e = assertThrows(NotFoundException.class, () -> client.images().bytes(image));
    assertTrue(e.getMessage().startsWith("404 Not Found from GET http://127.0.0.1:"), e.getMessage());
    assertTrue(e.getMessage().endsWith("/files/out.png?<redacted>: expired"), e.getMessage());
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
  }

  @Test
  void imageWithNothingToReadFailsClearly() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> client.images().bytes(new Image()));
    assertTrue(e.getMessage().startsWith("the image has neither b64_json nor url"), e.getMessage());
  }
}
