package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import static io.github.gatewaysdk.aistats.core.TestSupport.API_KEY;
import static io.github.gatewaysdk.aistats.core.TestSupport.clientFor;
import static io.github.gatewaysdk.aistats.core.TestSupport.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gatewaysdk.aistats.errors.AuthenticationException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * With every logger at DEBUG (surefire points slf4j-simple at a file), the API key never reaches the log, while the
 * same setup does show a key sent through HttpClient's default connection: the check has teeth.
 */
class LogRedactionTest {
  private static final String CUSTOMER = "cust-5e1f0a9b";
  private static final String SESSION = "sess-77c2d1";
  private static final String SIGNATURE = "sig-0f3e9d";

  private static Path logFile() {
    String file = System.getProperty("org.slf4j.simpleLogger.logFile");
    assertNotNull(file, "surefire must route slf4j-simple to a file");
    return Path.of(file);
  }

  private static long logSize() throws IOException {
    Log.LOG.debug("log check starts"); // the first logger creates the file
    return Files.size(logFile());
  }

  private static String writtenSince(long offset) throws IOException {
    try (RandomAccessFile log = new RandomAccessFile(logFile().toFile(), "r")) {
      byte[] bytes = new byte[(int) (log.length() - offset)];
      log.seek(offset);
      log.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  @Test
  void keyNeverReachesTheLogs() throws Exception {
    long before = logSize();
    try (FaultServer server = new FaultServer();
        TestClient client = clientFor(server.baseUrl(), new FakeTiming()).build()) {
      server.then(FaultServer.respond(200, "image/png", "PNG"), FaultServer.json(503, "{}"),
          FaultServer.json(200, FaultServer.OK_BODY, "X-Echo", "Bearer " + API_KEY, "Set-Cookie", "s=" + SESSION),
          FaultServer.json(401, "{\"error\":{\"message\":\"bad key " + API_KEY + "\"}}", "x-request-id", "r1"));
      byte[] image = client.core.execute(ApiRequest.absolute("GET",
          URI.create(server.baseUrl() + "/files/out.png?sig=" + SIGNATURE), ResponseType.bytes("image/*")).build(),
          RequestOptions.none());
      assertEquals(3, image.length);
      RequestOptions marked = RequestOptions.builder().sensitiveHeader("X-Customer-Id", CUSTOMER).build();
      assertFalse(marked.toString().contains(CUSTOMER), marked.toString());
      client.images().edit(request(), marked);
      AuthenticationException e = assertThrows(AuthenticationException.class, () -> client.images().edit(request()));
      assertFalse(e.getMessage().contains(API_KEY), e.getMessage());
      assertTrue(server.requests().get(1).header("authorization").endsWith(API_KEY), "the key was sent");
    }
    String written = writtenSince(before);
    assertTrue(written.contains("DEBUG org.apache.hc.client5.http"), "HttpClient logged at DEBUG");
    assertTrue(LoggerFactory.getLogger("org.apache.hc.client5.http.headers").isDebugEnabled(),
        "its header logger too");
    assertTrue(written.contains("Authorization: <redacted>"), "the client's own request log");
    assertTrue(written.contains("X-Customer-Id: <redacted>"), "a header marked sensitive");
    assertFalse(written.contains(API_KEY), "the key leaked into the log");
    assertFalse(written.contains(CUSTOMER), "a header marked sensitive leaked into the log");
    assertFalse(written.contains(SESSION), "a cookie the server set leaked into the log");
    assertFalse(written.contains(SIGNATURE), "a signed URL's query leaked into the log");
  }

  /**
   * The asynchronous form: no logger of HttpClient's sees its headers (no stream listener, no wire logger), so what a
   * server echoes in an answer's headers is not printed either, nor a signed URL's query.
   */
  @Test
  void keyNeverReachesTheLogsFromAsynchronousCalls() throws Exception {
    long before = logSize();
    try (FaultServer server = new FaultServer();
        TestClient client = clientFor(server.baseUrl(), new FakeTiming()).build()) {
      server.then(FaultServer.respond(200, "image/png", "PNG"), FaultServer.json(503, "{}"),
          FaultServer.json(200, FaultServer.OK_BODY, "X-Echo", "Bearer " + API_KEY, "Set-Cookie", "s=" + SESSION),
          FaultServer.json(401, "{\"error\":{\"message\":\"bad key " + API_KEY + "\"}}", "x-request-id", "r1"));
      byte[] image = TestSupport.await(client.core.executeAsync(() -> ApiRequest.absolute("GET",
          URI.create(server.baseUrl() + "/files/out.png?sig=" + SIGNATURE), ResponseType.bytes("image/*")).build(),
          RequestOptions.none()));
      assertEquals(3, image.length);
      RequestOptions marked = RequestOptions.builder().sensitiveHeader("X-Customer-Id", CUSTOMER).build();
      TestSupport.await(client.images().editAsync(request(), marked));
      AuthenticationException e = assertThrows(AuthenticationException.class,
          () -> TestSupport.await(client.images().editAsync(request())));
      assertFalse(e.getMessage().contains(API_KEY), e.getMessage());
      assertTrue(server.requests().get(2).header("authorization").endsWith(API_KEY), "the key was sent");
      assertEquals(CUSTOMER, server.requests().get(2).header("x-customer-id"));
    }
    String written = writtenSince(before);
    assertTrue(written.contains("DEBUG org.apache.hc.client5.http"), "HttpClient's pool logged at DEBUG");
    assertTrue(written.contains("<-- 200"), "the client's own answer log");
    assertFalse(written.contains(API_KEY), "the key leaked into the log");
    assertFalse(written.contains(CUSTOMER), "a header marked sensitive leaked into the log");
    assertFalse(written.contains(SESSION), "a cookie the server set leaked into the log");
    assertFalse(written.contains(SIGNATURE), "a signed URL's query leaked into the log");
  }

  @Test
  void httpClientDefaultConnectionWouldLeakTheKey() throws Exception {
    String controlKey = "sk-control-0123456789";
    long before = logSize();
    try (FaultServer server = new FaultServer(); CloseableHttpClient plain = HttpClients.createDefault()) {
      HttpPost post = new HttpPost(server.baseUrl() + "/images/edits");
      post.setHeader("Authorization", "Bearer " + controlKey);
      post.setEntity(new StringEntity("{}"));
      plain.execute(post, response -> EntityUtils.toString(response.getEntity()));
    }
    assertTrue(writtenSince(before).contains(controlKey), "without the quiet connection the key is logged");
  }
}
