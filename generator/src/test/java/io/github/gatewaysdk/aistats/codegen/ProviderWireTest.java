package io.github.gatewaysdk.aistats.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The gateway's current {@code provider} schema on the wire: a provider built with every construct (nullable set and
 * explicitly null, an enum, a nullable array, a union of each kind) goes through the rendered client and its core to
 * a local server, and its multipart part must carry exactly that JSON.
 */
class ProviderWireTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyConstructArrivesAsTheContractSays() throws Exception {
    Path output = Files.createTempDirectory("rendered");
    RenderedClient.render(RenderedClient.contract("extended-provider.yaml"), output);
    Files.copy(Path.of(ProviderWireTest.class.getResource("/drive/ProviderDrive.java").toURI()),
        output.resolve("src/main/java/example/ProviderDrive.java"));
    List<String> providerParts = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Matcher part = Pattern.compile("name=\"provider\"\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n(.*?)\r\n--",
          Pattern.DOTALL).matcher(body);
      providerParts.add(part.find() ? part.group(1) : "no provider part in " + body);
      byte[] answer = "{\"created\":1,\"data\":[]}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    });
    server.start();
    try (URLClassLoader client = RenderedClient.compile(output, Files.createTempDirectory("classes"))) {
      client.loadClass("example.ProviderDrive").getMethod("send", String.class)
          .invoke(null, "http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    } finally {
      server.stop(0);
    }
    assertEquals(2, providerParts.size(), providerParts.toString());
    assertEquals(tree("{\"order\":[\"openai\",\"google\"],\"include_alpha\":true,\"allow_fallbacks\":null,"
        + "\"require_parameters\":true,\"zdr\":false,\"required_execution_region\":\"eu\",\"required_data_region\":null,"
        + "\"data_collection\":\"deny\",\"quantizations\":[\"fp8\",\"int4\"],\"sort\":\"price\","
        + "\"max_price\":{\"prompt\":0.5,\"completion\":\"1.25\"},\"preferred_min_throughput\":{\"p50\":100},"
        + "\"preferred_max_latency\":2.5}"), tree(providerParts.get(0)));
    assertEquals(tree("{\"data_collection\":null,\"quantizations\":null,\"sort\":{\"by\":\"latency\"}}"),
        tree(providerParts.get(1)));
  }

  private static JsonNode tree(String json) throws Exception {
    return JSON.readTree(json);
  }
}
