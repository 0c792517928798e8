package io.github.gatewaysdk.aistats.api;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A server on 127.0.0.1 that records each request's exact bytes and answers with a fixed JSON body. */
final class CapturingServer implements AutoCloseable {

  /** One received request: headers (lower-case names) and the raw body. */
  record Request(String method, String path, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      return values == null ? null : values.get(0);
    }

    /** The multipart/form-data parts by name, in wire order. */
    Map<String, Part> parts() {
      Matcher boundary = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(header("content-type"));
      if (!boundary.find()) {
        throw new AssertionError("no multipart boundary in " + header("content-type"));
      }
      // ISO-8859-1 maps bytes 1:1 to chars, so splitting keeps every part's bytes intact.
      String raw = new String(body, StandardCharsets.ISO_8859_1);
      String[] sections = raw.split(Pattern.quote("--" + boundary.group(1)));
      Map<String, Part> parts = new LinkedHashMap<>();
      for (int i = 1; i < sections.length; i++) {
        String section = sections[i];
        if (section.startsWith("--")) {
          break; // closing delimiter
        }
        int headerEnd = section.indexOf("\r\n\r\n");
        String headerBlock = section.substring(2, headerEnd);
        String content = section.substring(headerEnd + 4, section.length() - 2);
        Map<String, String> partHeaders = new LinkedHashMap<>();
        for (String line : headerBlock.split("\r\n")) {
          int colon = line.indexOf(':');
          partHeaders.put(line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), line.substring(colon + 1).trim());
        }
        Matcher name = Pattern.compile("name=\"([^\"]*)\"").matcher(partHeaders.get("content-disposition"));
        if (!name.find()) {
          throw new AssertionError("part without a name: " + headerBlock);
        }
        parts.put(name.group(1), new Part(partHeaders, content.getBytes(StandardCharsets.ISO_8859_1)));
      }
      return parts;
    }
  }

  /** One multipart part. */
  record Part(Map<String, String> headers, byte[] content) {
    String contentType() {
      return headers.get("content-type");
    }

    String text() {
      return new String(content, StandardCharsets.UTF_8);
    }
  }

  static final String RESPONSE =
      "{\"created\":1732406400,\"data\":[{\"b64_json\":\"aGVsbG8=\",\"revised_prompt\":\"a cat\","
          + "\"added_later\":{\"x\":1}}],\"added_later\":true}";

  private final HttpServer server;
  private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();

  CapturingServer() throws IOException {
    this(RESPONSE);
  }

  /** Answers every request with 200 and {@code responseBody} as JSON; an empty body has no content at all. */
  CapturingServer(String responseBody) throws IOException {
    this(responseBody, "application/json");
  }

  /** Answers every request with 200 and {@code responseBody} labelled {@code contentType}. */
  CapturingServer(String responseBody, String contentType) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Map<String, List<String>> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
      requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body));
      byte[] response = responseBody.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", contentType);
      exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
      exchange.getResponseBody().write(response);
      exchange.close();
    });
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  Request take() throws InterruptedException {
    Request request = requests.poll(10, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("the server received no request");
    }
    return request;
  }

  int received() {
    return requests.size();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
