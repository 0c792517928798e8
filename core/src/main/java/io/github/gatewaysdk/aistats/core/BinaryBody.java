package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import io.github.gatewaysdk.aistats.core.internal.MediaTypes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;

/**
 * A file sent as the whole body (an operation whose body is {@code format: binary}, such as an
 * {@code application/octet-stream} upload): its bytes streamed as they are read, in the media type the contract names
 * or, where it names a range, the file's own. The encoder of every media type without one of its own.
 */
final class BinaryBody implements BodyEncoder {
  @Override
  public String mediaType() {
    return MediaTypes.ANY;
  }

  @Override
  public HttpEntity encode(ApiRequest<?> request) {
    FilePart file = request.binaryBody();
    if (file == null) {
      throw new IllegalArgumentException(request.operation() + " has a body of media type " + request.bodyMediaType()
          + ", which this SDK sends only from a file (FilePart); forms go as multipart/form-data or"
          + " application/x-www-form-urlencoded, JSON as application/json");
    }
    String named = request.bodyMediaType();
    return new Entity(file, named.contains("*") ? file.contentType() : named);
  }

  /** The file's bytes; replayable as the file is, closed (a stream released) when the call ends. */
  static final class Entity extends AbstractHttpEntity implements AsyncBody {
    private final FilePart file;

    Entity(FilePart file, String contentType) {
      super(contentType, null, file.length() < 0);
      this.file = file;
    }

    @Override
    public long getContentLength() {
      return file.length();
    }

    @Override
    public boolean isRepeatable() {
      return file.isReplayable();
    }

    @Override
    public boolean isStreaming() {
      return false;
    }

    /** The bytes whole, for tools that ask; the transports write them with {@link #writeTo}. */
    @Override
    public InputStream getContent() throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      writeTo(bytes);
      return new ByteArrayInputStream(bytes.toByteArray());
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      file.writeTo(out);
    }

    /** Written on the call's executor, never on an I/O thread: reading a file or a stream may block. */
    @Override
    public AsyncEntityProducer producer(BooleanSupplier aborted, Executor executor) {
      return new PipedBody(this, aborted, executor);
    }

    @Override
    public void close() {
      file.release();
    }
  }
}
