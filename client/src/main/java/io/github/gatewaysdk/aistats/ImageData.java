package io.github.gatewaysdk.aistats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import io.github.gatewaysdk.aistats.core.ApiCore;
import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import java.util.Objects;

/**
 * Turns local images into the {@code data:<mime>;base64,...} URLs the API takes as {@code image} and {@code mask}.
 * The MIME type is read from the content's first bytes, not from a file name.
 *
 * <pre>{@code
 * ImagesEditRequest request = new ImagesEditRequest()
 *     .model("gpt-image-1")
 *     .image(ImageData.toDataUrl(Paths.get("cat.png")))
 *     .prompt("Add a top hat");
 * }</pre>
 */
public final class ImageData {
  /** The types the gateway accepts, as named in error messages. */
  public static final String SUPPORTED_TYPES = "PNG, JPEG or WebP";

  private ImageData() {
  }

  /**
   * @param file a PNG, JPEG or WebP image
   * @return the image as a data URL
   * @throws UncheckedIOException when the file cannot be read
   * @throws IllegalArgumentException when the content is not PNG, JPEG or WebP
   */
  public static String toDataUrl(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      return toDataUrl(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read image " + file, e);
    }
  }

  /**
   * @param in a PNG, JPEG or WebP image, read to its end (the caller closes it)
   * @return the image as a data URL
   */
  public static String toDataUrl(InputStream in) {
    Objects.requireNonNull(in, "in");
    byte[] image;
    try {
      image = readAtMost(in, ApiCore.MAX_BINARY_BYTES);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read image stream", e);
    }
    if (image == null) {
      throw new IllegalArgumentException("image stream is larger than " + ApiCore.MAX_BINARY_BYTES / (1024 * 1024) + " MiB");
    }
    return toDataUrl(image);
  }

  /**
   * The checks of an edit request that the contract cannot state: {@code image} and, when set, {@code mask} must be
   * a base64 data URL or an http(s) URL. The generated {@code ImagesApi} runs them before sending
   * ({@code operationChecks} in the parent POM), after the contract's own checks.
   *
   * @param request the request
   * @throws IllegalArgumentException naming the field and the rule
   */
  public static void checkEditRequest(ImagesEditRequest request) {
    Validation.imageReference("image", request.getImage());
    if (request.getMask() != null) {
      Validation.imageReference("mask", request.getMask());
    }
  }

  /** Whether {@code bytes} start like a PNG, JPEG, WebP or GIF image. */
  static boolean isImage(byte[] bytes) {
    if (startsWith(bytes, 0, 'G', 'I', 'F', '8')) {
      return true;
    }
    try {
      mimeType(bytes);
      return true;
    } catch (IllegalArgumentException notAnImage) {
      return false;
    }
  }

  /** Reads {@code in} to its end (Java 8 has no readAllBytes); null when it holds more than {@code maxBytes}. */
  static byte[] readAtMost(InputStream in, int maxBytes) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[16384];
    for (int n; (n = in.read(buffer)) != -1; ) {
      if (bytes.size() + n > maxBytes) {
        return null;
      }
      bytes.write(buffer, 0, n);
    }
    return bytes.toByteArray();
  }

  /**
   * @param image a PNG, JPEG or WebP image
   * @return the image as a data URL
   */
  public static String toDataUrl(byte[] image) {
    return "data:" + mimeType(image) + ";base64," + Base64.getEncoder().encodeToString(image);
  }

  /**
   * @param image image bytes
   * @return {@code image/png}, {@code image/jpeg} or {@code image/webp}, from the content's magic bytes
   * @throws IllegalArgumentException for empty or other content
   */
  public static String mimeType(byte[] image) {
    Objects.requireNonNull(image, "image");
    if (image.length == 0) {
      throw new IllegalArgumentException("image is empty; expected " + SUPPORTED_TYPES);
    }
    if (startsWith(image, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return "image/png";
    }
    if (startsWith(image, 0, 0xFF, 0xD8, 0xFF)) {
      return "image/jpeg";
    }
    if (startsWith(image, 0, 'R', 'I', 'F', 'F') && startsWith(image, 8, 'W', 'E', 'B', 'P')) {
      return "image/webp";
    }
    throw new IllegalArgumentException("unsupported image type: expected " + SUPPORTED_TYPES
        + " (recognised by their first bytes)");
  }

  private static boolean startsWith(byte[] data, int offset, int... expected) {
    if (data.length < offset + expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if ((data[offset + i] & 0xFF) != expected[i]) {
        return false;
      }
    }
    return true;
  }
}
