package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.Headers;
import io.github.gatewaysdk.aistats.core.internal.Redaction;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hc.core5.http.HttpEntity;

/**
 * One attempt's request as interceptors see it. Immutable: {@link #withHeader} and {@link #withoutHeader} return
 * changed copies.
 */
public final class AttemptRequest {
  private final String operation;
  private final int attempt;
  private final String method;
  private final URI uri;
  private final Map<String, String> headers;
  /** Lower-case names of headers the caller marked sensitive. */
  final Set<String> sensitive;
  final HttpEntity body;

  AttemptRequest(String operation, int attempt, String method, URI uri, Map<String, String> headers,
      Set<String> sensitive, HttpEntity body) {
    this.operation = operation;
    this.attempt = attempt;
    this.method = method;
    this.uri = uri;
    this.headers = headers;
    this.sensitive = sensitive;
    this.body = body;
  }

  /** @return the operation, e.g. {@code POST /images/edits} (the contract's path template) */
  public String operation() {
    return operation;
  }

  /** @return 1 for the first attempt of the call, 2 for its first retry, and so on */
  public int attempt() {
    return attempt;
  }

  /** @return the HTTP method */
  public String method() {
    return method;
  }

  /** @return the full URL */
  public URI uri() {
    return uri;
  }

  /**
   * @return the headers the client sends, looked up case-insensitively; credentials and headers marked sensitive
   *     redacted ({@link #header} gives a value in clear)
   */
  public Map<String, List<String>> headers() {
    Map<String, List<String>> shown = new LinkedHashMap<>();
    for (Map.Entry<String, String> header : headers.entrySet()) {
      shown.put(header.getKey(), Collections.singletonList(header.getValue()));
    }
    return Headers.redacted(shown, sensitive);
  }

  /**
   * @param name a header name, any case
   * @return its value in clear (credentials included, as asked for by name), or null
   */
  public String header(String name) {
    for (Map.Entry<String, String> header : headers.entrySet()) {
      if (header.getKey().equalsIgnoreCase(name)) {
        return header.getValue();
      }
    }
    return null;
  }

  /**
   * @param name a header name; not one the client sets from the body or connection
   * @param value its value, on one line
   * @return a copy with the header set, replacing one of the same name
   */
  public AttemptRequest withHeader(String name, String value) {
    Headers.checkSettable(name, value);
    Map<String, String> changed = copyWithout(name);
    changed.put(name, value);
    return new AttemptRequest(operation, attempt, method, uri, changed, sensitive, body);
  }

  /**
   * @param name a header name, any case
   * @return a copy without that header
   */
  public AttemptRequest withoutHeader(String name) {
    return new AttemptRequest(operation, attempt, method, uri, copyWithout(name), sensitive, body);
  }

  /** @return the body's media type (with a multipart body's boundary), or null without a body */
  public String contentType() {
    return body == null ? null : body.getContentType();
  }

  /**
   * Writes the body as it goes on the wire, without consuming it, unless it holds a file read from a stream
   * ({@link FilePart#of(java.io.InputStream, String, String)}), which only the server gets.
   *
   * @param out where to write
   * @throws IOException when {@code out} fails
   * @throws IllegalStateException when the body holds a stream, which can be read once only
   */
  public void writeBodyTo(OutputStream out) throws IOException {
    if (body != null && !body.isRepeatable()) {
      throw new IllegalStateException("the body of " + operation + " holds a file read from a stream, which is read"
          + " once, to send it; an interceptor cannot read it");
    }
    if (body != null) {
      body.writeTo(out);
    }
  }

  Map<String, String> rawHeaders() {
    return headers;
  }

  private Map<String, String> copyWithout(String name) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    for (String existing : new ArrayList<>(copy.keySet())) {
      if (existing.equalsIgnoreCase(name)) {
        copy.remove(existing);
      }
    }
    return copy;
  }

  @Override
  public String toString() {
    return method + " " + Redaction.url(uri.toString()) + " (attempt " + attempt + ") " + headers();
  }
}
