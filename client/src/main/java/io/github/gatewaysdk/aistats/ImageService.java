package io.github.gatewaysdk.aistats;

import io.github.gatewaysdk.aistats.api.ImagesApi;
import io.github.gatewaysdk.aistats.core.internal.ApiCore;
import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import io.github.gatewaysdk.aistats.core.RequestOptions;
import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import io.github.gatewaysdk.aistats.errors.AiStatsException;
import io.github.gatewaysdk.aistats.model.Image;
import io.github.gatewaysdk.aistats.model.ImagesEditResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;

/**
 * The image operations, reached through {@link AiStatsClient#images()}: the generated {@link ImagesApi}
 * ({@code edit}, and every other {@code /images} operation of the contract) plus the result helpers the contract
 * cannot describe, {@link #bytes} and {@link #save}. The generator hands this class out for the {@code images}
 * resource ({@code resourceClasses} in the parent POM). Thread-safe.
 */
public final class ImageService extends ImagesApi {
  private static final ResponseType<byte[]> IMAGE = ResponseType.bytes("image/*");

  ImageService(ApiCore core) {
    super(core);
  }

  /**
   * The bytes of a result image: its {@code b64_json} decoded, or else its {@code url} downloaded through this
   * client, with its timeouts, retries and deadline. No API key is sent with the download. Only {@code https} URLs
   * are downloaded, and {@code http} ones too when the client's own base URL is {@code http} (a local mock); a host
   * other than the base URL's only at a public address, unless the client allows private networks
   * ({@code allowPrivateNetworks}).
   *
   * @param image one entry of {@link ImagesEditResponse#getData()}
   * @return the image bytes (PNG, JPEG, WebP or GIF)
   * @throws IllegalArgumentException when the image has neither b64_json nor url, b64_json is not base64 of an
   *     image, or the url is not one this client downloads
   * @throws AiStatsException when the download fails or does not answer with an image; an
   *     {@code AiStatsConnectionException} when the url's host is inside a private network
   */
  public byte[] bytes(Image image) {
    return bytes(image, null);
  }

  /**
   * As {@link #bytes(Image)}, downloading only from the given hosts.
   *
   * @param image one entry of {@link ImagesEditResponse#getData()}
   * @param allowedHosts the hosts a {@code url} may name, compared without case; null allows any
   * @return the image bytes
   * @throws IllegalArgumentException also when the url names another host; nothing is downloaded then
   */
  public byte[] bytes(Image image, Collection<String> allowedHosts) {
    Objects.requireNonNull(image, "image");
    String b64 = image.getB64Json();
    if (b64 != null && !b64.trim().isEmpty()) {
      byte[] bytes;
      try {
        bytes = Base64.getMimeDecoder().decode(b64.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the image's b64_json is not valid base64: " + e.getMessage(), e);
      }
      if (!ImageData.isImage(bytes)) {
        throw new IllegalArgumentException("the image's b64_json does not hold a PNG, JPEG, WebP or GIF image ("
            + bytes.length + " bytes decoded)");
      }
      return bytes;
    }
    String url = image.getUrl();
    if (url != null && !url.trim().isEmpty()) {
      return download(url.trim(), allowedHosts);
    }
    throw new IllegalArgumentException("the image has neither b64_json nor url, so there is nothing to read");
  }

  /**
   * Writes a result image to a file, replacing it if present.
   *
   * @param image one entry of {@link ImagesEditResponse#getData()}
   * @param file where to write
   * @return {@code file}
   * @throws UncheckedIOException when the file cannot be written
   */
  public Path save(Image image, Path file) {
    Objects.requireNonNull(file, "file");
    byte[] bytes = bytes(image);
    try {
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write image to " + file, e);
    }
  }

  private byte[] download(String url, Collection<String> allowedHosts) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("the image's url is not a URL", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean localHttp = core.baseUrl().toLowerCase(Locale.ROOT).startsWith("http:");
    if (!(scheme.equals("https") || (scheme.equals("http") && localHttp))) {
      throw new IllegalArgumentException("the image's url must be an https URL" + (localHttp ? " or http URL" : "")
          + ", was " + scheme + ":");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("the image's url names no host a client can connect to: "
          + uri.getRawAuthority());
    }
    if (allowedHosts != null && allowedHosts.stream().noneMatch(host -> host.equalsIgnoreCase(uri.getHost()))) {
      throw new IllegalArgumentException("the image's url names the host " + uri.getHost()
          + ", which is not among the allowed hosts " + allowedHosts);
    }
    byte[] bytes = core.execute(ApiRequest.absolute("GET", uri, IMAGE).build(), RequestOptions.none());
    if (!ImageData.isImage(bytes)) {
      throw new AiStatsException("GET " + uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath()
          + " did not answer with a PNG, JPEG, WebP or GIF image (" + bytes.length + " bytes)");
    }
    return bytes;
  }
}
