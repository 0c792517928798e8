package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.Checks;
import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import io.github.gatewaysdk.aistats.core.internal.ApiCore;
import com.fasterxml.jackson.core.type.TypeReference;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.core5.pool.PoolStats;

/** A client shaped like a generated one (one resource, one multipart operation), for the core's black-box tests. */
final class TestClient implements AutoCloseable {
  private static final ResponseType<ImagesEditResponse> EDIT_RESPONSE =
      ResponseType.json(new TypeReference<ImagesEditResponse>() {});

  final ClientCore core;
  private final Images images = new Images();

  private TestClient(ApiCore core) {
    this.core = (ClientCore) core; // the tests look inside: pools, deadlines, defaults
  }

  /** Made as a generated client makes its builder. */
  static ClientBuilder<TestClient> builder() {
    return new ClientBuilder<TestClient>("https://api.phaseo.app/v1", TestClient::new) {};
  }

  Images images() {
    return images;
  }

  PoolStats poolStats() {
    return core.poolStats();
  }

  PoolStats asyncPoolStats() {
    return core.asyncPoolStats();
  }

  @Override
  public String toString() {
    return "TestClient{" + core + "}";
  }

  @Override
  public void close() {
    core.close();
  }

  /** A GET of an absolute URL, as a result image's download is made. */
  byte[] download(java.net.URI url) {
    return core.execute(downloadRequest(url), RequestOptions.none());
  }

  CompletableFuture<byte[]> downloadAsync(java.net.URI url) {
    return core.executeAsync(() -> downloadRequest(url), RequestOptions.none());
  }

  /** A binary answer handed on, as a generated operation answering audio or video returns it. */
  BinaryResponse speech() {
    return core.execute(SPEECH, RequestOptions.none());
  }

  CompletableFuture<BinaryResponse> speechAsync() {
    return core.executeAsync(() -> SPEECH, RequestOptions.none());
  }

  /** An event stream, as a generated streaming operation returns it: events as sent, or their data as a model. */
  <T> EventStream<T> events(ResponseType<EventStream<T>> type) {
    return core.execute(messages(type), RequestOptions.none());
  }

  <T> CompletableFuture<EventStream<T>> eventsAsync(ResponseType<EventStream<T>> type) {
    return core.executeAsync(() -> messages(type), RequestOptions.none());
  }

  private static <T> ApiRequest<T> messages(ResponseType<T> type) {
    return ApiRequest.builder("POST", "/messages", type).jsonBody(java.util.Collections.singletonMap("stream", true))
        .build();
  }

  private static final ApiRequest<BinaryResponse> SPEECH = ApiRequest.builder("POST", "/audio/speech",
      ResponseType.binary("audio/*, application/octet-stream")).jsonBody(java.util.Collections.singletonMap("input",
      "hello")).build();

  private static ApiRequest<byte[]> downloadRequest(java.net.URI url) {
    return ApiRequest.absolute("GET", url, ResponseType.bytes("*/*")).build();
  }

  final class Images {
    ImagesEditResponse edit(ImagesEditRequest request) {
      return edit(request, RequestOptions.none());
    }

    ImagesEditResponse edit(ImagesEditRequest request, RequestOptions options) {
      return core.execute(editRequest(request), options);
    }

    RawResponse<ImagesEditResponse> editRaw(ImagesEditRequest request, RequestOptions options) {
      return core.executeRaw(editRequest(request), options);
    }

    CompletableFuture<ImagesEditResponse> editAsync(ImagesEditRequest request) {
      return editAsync(request, RequestOptions.none());
    }

    CompletableFuture<ImagesEditResponse> editAsync(ImagesEditRequest request, RequestOptions options) {
      return core.executeAsync(() -> editRequest(request), options);
    }

    CompletableFuture<RawResponse<ImagesEditResponse>> editRawAsync(ImagesEditRequest request,
        RequestOptions options) {
      return core.executeRawAsync(() -> editRequest(request), options);
    }

    private ApiRequest<ImagesEditResponse> editRequest(ImagesEditRequest request) {
      Checks.required("model", request.model);
      return ApiRequest.builder("POST", "/images/edits", EDIT_RESPONSE)
          .part("model", request.model)
          .part("image", request.image)
          .part("prompt", request.prompt)
          .build();
    }
  }
}
