package io.github.gatewaysdk.aistats.core;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.apache.hc.core5.http.message.BasicNameValuePair;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;

/**
 * A {@code multipart/form-data} body (RFC 7578), in place of HttpClient's {@code MultipartEntityBuilder}. It writes
 * the same bytes, but each part's header
 * is encoded once, where HttpClient formats every header twice (once only to count the body's length, in buffers of
 * its own). That was half of a small call's allocation (figures in benchmarks/README.md). A short text is encoded once,
 * as HttpClient does; a long one (a multi-megabyte data URL) as it is written, a chunk at a time ({@link Utf8Text}),
 * so its bytes are never held whole. The boundary is a random UUID, as
 * HttpClient's is: a prompt may come from an end user, who must not be able to guess it and forge a part.
 */
final class MultipartForm extends AbstractHttpEntity implements AsyncBody {
  private static final byte[] CRLF = {'\r', '\n'};
  private static final ContentType BINARY = ContentType.DEFAULT_BINARY;

  private final List<Part> parts;
  private final byte[] closing;
  /** The body's length, or -1 when a part is a stream: the body then goes chunked. */
  private final long length;
  private final boolean repeatable;

  private MultipartForm(String boundary, List<Part> parts) {
    super(ContentType.create(ContentType.MULTIPART_FORM_DATA.getMimeType(),
        new BasicNameValuePair("boundary", boundary)), null);
    this.parts = parts;
    this.closing = ascii("--" + boundary + "--\r\n");
    long total = closing.length;
    boolean replayable = true;
    for (Part part : parts) {
      long content = part.contentLength();
      total = total < 0 || content < 0 ? -1 : total + part.header.length + content + CRLF.length;
      replayable &= part.file == null || part.file.isReplayable();
    }
    this.length = total;
    this.repeatable = replayable;
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
    return repeatable;
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
        part.file.writeTo(out);
      } else if (part.text != null) {
        part.text.writeTo(out);
      } else {
        out.write(part.content);
      }
      out.write(CRLF);
    }
    out.write(closing);
  }

  /** Closes the streams of parts not sent: the call ended without them. Files are opened only while written. */
  @Override
  public void close() {
    for (Part part : parts) {
      if (part.file != null) {
        part.file.release();
      }
    }
  }

  /**
   * The same bytes for the non-blocking client, written to the socket as it takes them: each part's bytes are handed
   * over where they lie, a file is read in chunks, and nothing is assembled whole. A form with a stream part is
   * written on {@code executor} instead ({@link PipedBody}): a stream may block, which the I/O thread must not.
   */
  @Override
  public AsyncEntityProducer producer(BooleanSupplier aborted, Executor executor) {
    return repeatable ? new Producer(aborted) : new PipedBody(this, aborted, executor);
  }

  private final class Producer implements AsyncEntityProducer {
    private final BooleanSupplier aborted;
    /** The segment being written: for part i, 3i is its header, 3i + 1 its content, 3i + 2 its CRLF; then closing. */
    private int segment;
    private ByteBuffer pending;
    private FileChannel file;
    private ByteBuffer fileBuffer;
    private Utf8Text.Encoding text;

    Producer(BooleanSupplier aborted) {
      this.aborted = aborted;
    }

    @Override
    public void produce(DataStreamChannel channel) throws IOException {
      if (aborted.getAsBoolean()) {
        throw new InterruptedIOException("the call was aborted while sending its body");
      }
      while (true) {
        if (pending == null || !pending.hasRemaining()) {
          pending = next();
          if (pending == null) {
            channel.endStream();
            return;
          }
        }
        channel.write(pending);
        if (pending.hasRemaining()) {
          return; // the socket is full: HttpClient calls again when it can take more
        }
      }
    }

    /** The next bytes to write, or null at the end. */
    private ByteBuffer next() throws IOException {
      if (text != null) {
        ByteBuffer chunk = text.next();
        if (chunk != null) {
          return chunk;
        }
        text = null;
        segment++;
      }
      if (file != null) {
        fileBuffer.clear();
        if (file.read(fileBuffer) > 0) {
          fileBuffer.flip();
          return fileBuffer;
        }
        closeFile();
        segment++;
      }
      if (segment == parts.size() * 3) {
        segment++;
        return ByteBuffer.wrap(closing);
      }
      if (segment > parts.size() * 3) {
        return null;
      }
      Part part = parts.get(segment / 3);
      switch (segment++ % 3) {
        case 0:
          return ByteBuffer.wrap(part.header);
        case 1:
          if (part.text != null) {
            segment--; // stays on this part's content until the text ends
            text = part.text.encoding();
            return next();
          }
          if (part.file == null || part.file.bytes() != null) {
            return ByteBuffer.wrap(part.file == null ? part.content : part.file.bytes());
          }
          segment--; // stays on this part's content until the file ends
          file = FileChannel.open(part.file.path(), StandardOpenOption.READ);
          fileBuffer = fileBuffer == null ? ByteBuffer.allocate(16384) : fileBuffer;
          return next();
        default:
          return ByteBuffer.wrap(CRLF);
      }
    }

    private void closeFile() throws IOException {
      FileChannel open = file;
      file = null;
      if (open != null) {
        open.close();
      }
    }

    @Override
    public int available() {
      return Integer.MAX_VALUE;
    }

    @Override
    public boolean isRepeatable() {
      return true;
    }

    @Override
    public void failed(Exception cause) {
      releaseResources();
    }

    @Override
    public void releaseResources() {
      segment = 0;
      pending = null;
      text = null;
      try {
        closeFile();
      } catch (IOException ignored) {
        // Only read from: nothing was lost.
      }
    }

    @Override
    public long getContentLength() {
      return length;
    }

    @Override
    public String getContentType() {
      return MultipartForm.this.getContentType();
    }

    @Override
    public String getContentEncoding() {
      return null;
    }

    @Override
    public boolean isChunked() {
      return false;
    }

    @Override
    public Set<String> getTrailerNames() {
      return Collections.emptySet();
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** The parts of a form, in the order added. */
  static final class Builder {
    private static final ContentType TEXT = ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8);
    /** From this length on, a text part's bytes are not held whole: a copy would cost more than its chunk buffers. */
    static final int STREAMED_TEXT = 64 * 1024;

    private final String boundary;
    private final List<Part> parts = new ArrayList<>();

    private Builder() {
      boundary = UUID.randomUUID().toString();
    }

    /**
     * A {@code text/plain; charset=UTF-8} part: HttpClient's default, ISO-8859-1, turns non-Latin text into "?". A text
     * of {@link #STREAMED_TEXT} chars or more is encoded as it is written.
     */
    Builder addTextBody(String name, String text) {
      parts.add(text.length() >= STREAMED_TEXT
          ? new Part(header(name, null, TEXT), null, null, new Utf8Text(text))
          : new Part(header(name, null, TEXT), text.getBytes(StandardCharsets.UTF_8), null, null));
      return this;
    }

    /** An {@code application/json} part, as OpenAPI 3.0 encodes an object property of a multipart body. */
    Builder addJsonBody(String name, byte[] json) {
      parts.add(new Part(header(name, null, ContentType.APPLICATION_JSON), json, null, null));
      return this;
    }

    Builder addBinaryBody(String name, byte[] content) {
      parts.add(new Part(header(name, null, BINARY), content, null, null));
      return this;
    }

    Builder addFile(String name, FilePart file) {
      parts.add(new Part(header(name, file.filename(), ContentType.parse(file.contentType())), null, file, null));
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

  /** A part: its header, then one of its bytes, a file or a long text. */
  private static final class Part {
    final byte[] header;
    final byte[] content;
    final FilePart file;
    final Utf8Text text;

    Part(byte[] header, byte[] content, FilePart file, Utf8Text text) {
      this.header = header;
      this.content = content;
      this.file = file;
      this.text = text;
    }

    long contentLength() {
      return file != null ? file.length() : text != null ? text.length() : content.length;
    }
  }
}
