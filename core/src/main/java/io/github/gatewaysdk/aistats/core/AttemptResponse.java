package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.ApiCore;
import io.github.gatewaysdk.aistats.core.internal.Bodies;
import io.github.gatewaysdk.aistats.core.internal.Headers;
import io.github.gatewaysdk.aistats.core.internal.Redaction;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * One attempt's answer as interceptors see it: status, headers and the time to them. Its body is read by the client
 * once the chain returns; an interceptor that needs the bytes calls {@link #bufferBody()} and returns the buffered
 * copy.
 */
public final class AttemptResponse {
  private final int attempt;
  private final int statusCode;
  private final Map<String, List<String>> headers;
  private final Duration elapsed;
  /** The exchange, whose close releases the connection, or discards it when the body was not read to its end. */
  final Closeable exchange;
  final HttpEntity entity;
  private final byte[] buffered;

  /**
   * An answer whose body is read as it arrives; a compressed body is inflated as it is read, and its headers say so
   * (no {@code Content-Encoding} or {@code Content-Length}), as HttpClient's own decompression would show them.
   */
  static AttemptResponse received(int attempt, int statusCode, Map<String, List<String>> headers, Duration elapsed,
      HttpEntity entity, Closeable exchange) {
    HttpEntity decoded = ContentCoding.decoded(entity);
    return new AttemptResponse(attempt, statusCode, decoded == entity ? headers
        : Headers.without(headers, "Content-Encoding", "Content-Length"), elapsed, exchange, decoded, null);
  }

  private AttemptResponse(int attempt, int statusCode, Map<String, List<String>> headers, Duration elapsed,
      Closeable exchange, HttpEntity entity, byte[] buffered) {
    this.attempt = attempt;
    this.statusCode = statusCode;
    this.headers = headers;
    this.elapsed = elapsed;
    this.exchange = exchange;
    this.entity = entity;
    this.buffered = buffered;
  }

  /** @return the attempt this answers, 1 for the first */
  public int attempt() {
    return attempt;
  }

  /** @return the HTTP status code */
  public int statusCode() {
    return statusCode;
  }

  /**
   * @return the response headers, looked up case-insensitively; values in the order received, credentials redacted
   *     ({@link #header} gives a value in clear)
   */
  public Map<String, List<String>> headers() {
    return Headers.redacted(headers, Redaction.NONE_MARKED);
  }

  /**
   * @param name a header name, any case
   * @return its first value in clear, or null
   */
  public String header(String name) {
    return Headers.first(headers, name);
  }

  Map<String, List<String>> headersInClear() {
    return headers;
  }

  /** @return the {@code x-request-id} response header, or null when the gateway sent none */
  public String requestId() {
    return header("x-request-id");
  }

  /** @return the time from sending the request to receiving these headers */
  public Duration elapsed() {
    return elapsed;
  }

  /**
   * Reads the whole body into memory (at most {@link ApiCore#MAX_BINARY_BYTES}) and releases the connection.
   *
   * @return a copy whose body is those bytes, to return from the interceptor
   * @throws IOException when reading fails or the body is larger than the bound
   */
  public AttemptResponse bufferBody() throws IOException {
    if (buffered != null) {
      return this;
    }
    byte[] bytes = new byte[0];
    if (entity != null) {
      try (InputStream in = entity.getContent()) {
        bytes = Bodies.readAtMost(in, ApiCore.MAX_BINARY_BYTES);
      } catch (IOException e) {
        try {
          exchange.close(); // a body not read to its end: the connection is dropped
        } catch (IOException closing) {
          e.addSuppressed(closing);
        }
        throw e;
      }
    }
    return withBytes(bytes);
  }

  /**
   * @return the body's bytes
   * @throws IllegalStateException unless this response was buffered ({@link #bufferBody()}, {@link #withBody})
   */
  public byte[] bodyBytes() {
    if (buffered == null) {
      throw new IllegalStateException("the body is streamed to the client; call bufferBody() first");
    }
    return buffered.clone();
  }

  /**
   * @param body a replacement body, of the same media type
   * @return a copy with that body; the original body is discarded with this attempt
   */
  public AttemptResponse withBody(byte[] body) {
    return withBytes(body.clone());
  }

  private AttemptResponse withBytes(byte[] bytes) {
    String type = entity == null ? null : entity.getContentType();
    HttpEntity replaced = new ByteArrayEntity(bytes, type == null ? null : ContentType.parse(type));
    return new AttemptResponse(attempt, statusCode, headers, elapsed, exchange, replaced, bytes);
  }

  @Override
  public String toString() {
    return "AttemptResponse{attempt=" + attempt + ", statusCode=" + statusCode + ", elapsed=" + elapsed
        + ", requestId=" + requestId() + "}";
  }
}
