package io.github.gatewaysdk.aistats.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.core5.http.ContentType;

/**
 * A file sent as a part of a {@code multipart/form-data} request: what the contract declares as
 * {@code type: string, format: binary}. The content goes to the socket as it is read, never copied whole.
 *
 * <p>A file from a {@link Path} or a {@code byte[]} can be sent again, so a call that fails before its answer may be
 * retried; a file from an {@link InputStream} is read once, so a call holding one is never retried
 * ({@link #isReplayable()}), and the stream is closed once it was sent or the call ended without sending it.
 */
public final class FilePart {
  /** The media type of a file whose type is not given. */
  public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

  private final String filename;
  private final String contentType;
  private final long length;
  private final Path path;
  private final byte[] bytes;
  private final InputStream stream;
  private final AtomicBoolean streamTaken = new AtomicBoolean();

  private FilePart(String filename, String contentType, long length, Path path, byte[] bytes, InputStream stream) {
    this.filename = Objects.requireNonNull(filename, "filename");
    this.contentType = checkedType(contentType);
    this.length = length;
    this.path = path;
    this.bytes = bytes;
    this.stream = stream;
  }

  /**
   * @param path a readable file; its name is the part's file name
   * @return the file, sent as {@value #DEFAULT_CONTENT_TYPE}
   * @throws IllegalArgumentException when {@code path} is not a readable regular file
   */
  public static FilePart of(Path path) {
    return of(path, DEFAULT_CONTENT_TYPE);
  }

  /**
   * @param path a readable file; its name is the part's file name
   * @param contentType the file's media type, e.g. {@code image/png}
   * @return the file
   * @throws IllegalArgumentException when {@code path} is not a readable regular file, or the type is not a media type
   */
  public static FilePart of(Path path, String contentType) {
    Objects.requireNonNull(path, "path");
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new IllegalArgumentException("not a readable file: " + path);
    }
    try {
      return new FilePart(String.valueOf(path.getFileName()), contentType, Files.size(path), path, null, null);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the size of " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * @param content the file's bytes, not copied: do not change them until the call ended
   * @param filename the part's file name, e.g. {@code batch.jsonl}
   * @param contentType the file's media type
   * @return the file
   */
  public static FilePart of(byte[] content, String filename, String contentType) {
    Objects.requireNonNull(content, "content");
    return new FilePart(filename, contentType, content.length, null, content, null);
  }

  /**
   * A file read from a stream while the request is sent: once only, so the call is not retried.
   *
   * @param content read to its end once, then closed; a call that ends before sending it closes it too
   * @param filename the part's file name
   * @param contentType the file's media type
   * @return the file, of a length known only once sent (the request goes chunked)
   */
  public static FilePart of(InputStream content, String filename, String contentType) {
    Objects.requireNonNull(content, "content");
    return new FilePart(filename, contentType, -1, null, null, content);
  }

  /** @return the file name the part carries */
  public String filename() {
    return filename;
  }

  /** @return the media type the part carries */
  public String contentType() {
    return contentType;
  }

  /** @return the content's length in bytes, or -1 for a stream, whose length is known only once read */
  public long length() {
    return length;
  }

  /** @return whether the content can be sent again, so that the call may be retried: false for a stream */
  public boolean isReplayable() {
    return stream == null;
  }

  /**
   * Writes the content to {@code out}; a stream's only once.
   *
   * @throws IOException when the content cannot be read or {@code out} fails
   * @throws IllegalStateException when a stream's content was already taken
   */
  void writeTo(OutputStream out) throws IOException {
    if (path != null) {
      Files.copy(path, out);
    } else if (bytes != null) {
      out.write(bytes);
    } else {
      if (!streamTaken.compareAndSet(false, true)) {
        throw new IllegalStateException("the stream of " + filename + " was already sent; a stream is read once");
      }
      try (InputStream in = stream) {
        byte[] buffer = new byte[16384];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
          out.write(buffer, 0, read);
        }
      }
    }
  }

  /** @return the file, or null when its content is not a file */
  Path path() {
    return path;
  }

  /** @return the content in memory, or null when it is not */
  byte[] bytes() {
    return bytes;
  }

  /** Closes a stream not yet sent: the call ended without it. */
  void release() {
    if (stream != null && streamTaken.compareAndSet(false, true)) {
      try {
        stream.close();
      } catch (IOException ignored) {
        // The caller's stream: nothing of ours is lost.
      }
    }
  }

  /** @return the file name, media type and length; never the content */
  @Override
  public String toString() {
    return "FilePart[" + filename + ", " + contentType + ", " + (length < 0 ? "a stream" : length + " bytes") + "]";
  }

  private static String checkedType(String contentType) {
    Objects.requireNonNull(contentType, "contentType");
    try {
      ContentType parsed = ContentType.parse(contentType);
      if (parsed.getMimeType().indexOf('/') > 0 && contentType.chars().noneMatch(c -> c < 0x20 || c == 0x7f)) {
        return contentType;
      }
    } catch (RuntimeException e) {
      // Falls through to the refusal below.
    }
    throw new IllegalArgumentException("not a media type: \"" + contentType + "\"; e.g. image/png or "
        + DEFAULT_CONTENT_TYPE);
  }
}
