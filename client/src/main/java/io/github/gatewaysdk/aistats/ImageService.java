package io.github.gatewaysdk.aistats;

import io.github.gatewaysdk.aistats.errors.AiStatsException;
import io.github.gatewaysdk.aistats.invoker.ApiException;
import io.github.gatewaysdk.aistats.model.Image;
import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import io.github.gatewaysdk.aistats.model.ImagesEditResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Objects;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * The image operations of the gateway, reached through {@link AiStatsClient#images()}. A thin layer over the generated
 * {@link io.github.gatewaysdk.aistats.api.ImagesApi}: it checks arguments, applies per-call options and turns failures
 * into the unchecked exceptions of {@link io.github.gatewaysdk.aistats.errors}. Thread-safe.
 */
public final class ImageService {
  private static final String EDIT = "POST /images/edits";
  private static final int MAX_ERROR_BODY_CHARS = 8192;

  private final AiStatsClient client;

  ImageService(AiStatsClient client) {
    this.client = client;
  }

  /**
   * Edits or extends an image ({@code POST /images/edits}) with the client's settings.
   *
   * @param request model, image and prompt are required; n, when set, is 1 to 10; image and mask are data URLs (see
   *     {@link ImageData}) or http(s) URLs
   * @return the gateway's answer
   * @throws IllegalArgumentException when the request breaks one of those rules; nothing is sent then
   * @throws AiStatsException on any failure of the call
   */
  public ImagesEditResponse edit(ImagesEditRequest request) {
    return edit(request, RequestOptions.none());
  }

  /**
   * Edits or extends an image ({@code POST /images/edits}) with per-call settings.
   *
   * @param request as for {@link #edit(ImagesEditRequest)}
   * @param options this call's deadline, retries and extra headers
   * @return the gateway's answer
   * @throws IllegalArgumentException when the request breaks a rule; nothing is sent then
   * @throws AiStatsException on any failure of the call
   */
  public ImagesEditResponse edit(ImagesEditRequest request, RequestOptions options) {
    Validation.editRequest(request);
    if (options == null) {
      throw new IllegalArgumentException("options must not be null; use RequestOptions.none()");
    }
    try (CallScope call = client.openCall(options)) {
      ImagesEditResponse response;
      try {
        response = client.imagesApi().createImageEdit(request, options.headers());
      } catch (ApiException e) {
        throw client.errors().map(e, call, EDIT);
      }
      if (response == null) {
        throw client.errors().emptyBody(call, EDIT);
      }
      return response;
    }
  }

  /**
   * The bytes of a result image: its {@code b64_json} decoded, or else its {@code url} downloaded through this
   * client, with its timeouts, retries and deadline. No API key is sent with the download.
   *
   * @param image one entry of {@link ImagesEditResponse#getData()}
   * @return the image bytes
   * @throws IllegalArgumentException when the image has neither b64_json nor url, or b64_json is not base64
   * @throws AiStatsException when the download fails
   */
  public byte[] bytes(Image image) {
    Objects.requireNonNull(image, "image");
    String b64 = image.getB64Json();
    if (b64 != null && !b64.trim().isEmpty()) {
      try {
        return Base64.getMimeDecoder().decode(b64);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the image's b64_json is not valid base64: " + e.getMessage(), e);
      }
    }
    String url = image.getUrl();
    if (url != null && !url.trim().isEmpty()) {
      return download(url);
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

  private byte[] download(String url) {
    if (!Validation.isHttpUrl(url)) {
      throw new IllegalArgumentException("the image's url must be an http(s) URL");
    }
    // Signed URLs carry credentials in the query, so messages name the URL without it.
    int query = url.indexOf('?');
    String operation = "GET " + (query < 0 ? url : url.substring(0, query));
    HttpGet get = new HttpGet(url);
    get.setHeader("Accept", "image/*");
    try (CallScope call = client.openCall(RequestOptions.none())) {
      try {
        return client.httpClient().execute(get, response -> {
          HttpEntity entity = response.getEntity();
          int status = response.getCode();
          if (status < 200 || status >= 300) {
            String body = entity == null ? null : EntityUtils.toString(entity, MAX_ERROR_BODY_CHARS);
            throw client.errors().fromStatus(status, ErrorMapper.headers(response.getHeaders()), body, operation,
                call.attempts(), null);
          }
          if (entity == null) {
            throw client.errors().emptyBody(call, operation);
          }
          return readCapped(entity, operation);
        });
      } catch (IOException e) {
        throw client.errors().fromIo(e, call, operation);
      }
    }
  }

  private static byte[] readCapped(HttpEntity entity, String operation) throws IOException {
    try (InputStream in = entity.getContent()) {
      byte[] image = ImageData.readAtMost(in, ImageData.MAX_IMAGE_BYTES);
      if (image == null) {
        throw new AiStatsException(operation + " returned more than " + ImageData.MAX_IMAGE_BYTES / (1024 * 1024)
            + " MiB; not an image this API produces");
      }
      return image;
    }
  }
}
