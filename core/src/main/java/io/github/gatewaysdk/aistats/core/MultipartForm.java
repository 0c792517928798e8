package io.github.gatewaysdk.aistats.core;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.apache.hc.core5.http.message.BasicNameValuePair;

/**
 * A {@code multipart/form-data} body (RFC 7578), in place of HttpClient's {@code MultipartEntityBuilder}. It writes
 * the same bytes, but each part's header
 * is encoded once, where HttpClient formats every header twice (once only to count the body's length, in buffers of
 * its own). That was half of a small call's allocation (figures in benchmarks/README.md). Text is encoded once, as
 * HttpClient does: a multi-megabyte data URL is not copied again. The boundary is a random UUID, as
 * HttpClient's is: a prompt may come from an end user, who must not be able to guess it and forge a part.
 */
final class MultipartForm extends AbstractHttpEntity {
  private static final byte[] CRLF = {'\r', '\n'};
  private static final ContentType BINARY = ContentType.DEFAULT_BINARY;

  private final List<Part> parts;
  private final byte[] closing;
  private final long length;

  private MultipartForm(String boundary, List<Part> parts) {
    super(ContentType.create(ContentType.MULTIPART_FORM_DATA.getMimeType(),
        new BasicNameValuePair("boundary", boundary)), null);
    this.parts = parts;
    this.closing = ascii("--" + boundary + "--\r\n");
    long total = closing.length;
    for (Part part : parts) {
      total += part.header.length + part.contentLength() + CRLF.length;
    }
    this.length = total;
  }

  static Builder create() {
    return new Builder();
  }

  @Override
  public long getContentLength() {
    return length;
  }

  @Override
  public boolean isRepeatable() {
    return true;
  }

  @Override
  public boolean isStreaming() {
    return false;
  }

  @Override
  public InputStream getContent() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.min(length, Integer.MAX_VALUE - 8));
    writeTo(body);
    return new ByteArrayInputStream(body.toByteArray());
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    for (Part part : parts) {
      out.write(part.header);
      if (part.file != null) {
        Files.copy(part.file.toPath(), out);
      } else {
        out.write(part.content);
      }
      out.write(CRLF);
    }
    out.write(closing);
  }

  @Override
  public void close() {
    // Nothing is held open: file parts are opened only while being written.
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** The parts of a form, in the order added. */
  static final class Builder {
    private static final ContentType TEXT = ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8);

    private final String boundary;
    private final List<Part> parts = new ArrayList<>();

    private Builder() {
      boundary = UUID.randomUUID().toString();
    }

    /** A {@code text/plain; charset=UTF-8} part: HttpClient's default, ISO-8859-1, turns non-Latin text into "?". */
    Builder addTextBody(String name, String text) {
      parts.add(new Part(header(name, null, TEXT), text.getBytes(StandardCharsets.UTF_8), null));
      return this;
    }

    /** An {@code application/json} part, as OpenAPI 3.0 encodes an object property of a multipart body. */
    Builder addJsonBody(String name, byte[] json) {
      parts.add(new Part(header(name, null, ContentType.APPLICATION_JSON), json, null));
      return this;
    }

    Builder addBinaryBody(String name, byte[] content) {
      parts.add(new Part(header(name, null, BINARY), content, null));
      return this;
    }

    Builder addFile(String name, File file) {
      parts.add(new Part(header(name, file.getName(), BINARY), null, file));
      return this;
    }

    MultipartForm build() {
      return new MultipartForm(boundary, new ArrayList<>(parts));
    }

    private byte[] header(String name, String filename, ContentType contentType) {
      StringBuilder header = new StringBuilder(96 + name.length())
          .append("--").append(boundary).append("\r\n")
          .append("Content-Disposition: form-data; name=\"").append(quoted(name)).append('"');
      if (filename != null) {
        header.append("; filename=\"").append(quoted(filename)).append('"');
      }
      header.append("\r\nContent-Type: ").append(contentType).append("\r\n\r\n");
      return header.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A name or file name inside quotes, escaped as browsers do (WHATWG HTML), so it cannot end the header. */
    private static String quoted(String value) {
      return value.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
  }

  private static final class Part {
    final byte[] header;
    final byte[] content;
    final File file;

    Part(byte[] header, byte[] content, File file) {
      this.header = header;
      this.content = content;
      this.file = file;
    }

    long contentLength() {
      return file != null ? file.length() : content.length;
    }
  }
}
