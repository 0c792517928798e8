package io.github.gatewaysdk.aistats;

import io.github.gatewaysdk.aistats.core.internal.ApiCore;
import io.github.gatewaysdk.aistats.core.internal.Bodies;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
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
      image = Bodies.readAtMost(in, ApiCore.MAX_BINARY_BYTES);
    } catch (Bodies.TooLarge e) {
      throw new IllegalArgumentException("the image stream is " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read image stream", e);
    }
    return toDataUrl(image);
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
