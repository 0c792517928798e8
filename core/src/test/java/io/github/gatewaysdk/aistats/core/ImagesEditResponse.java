package io.github.gatewaysdk.aistats.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The answer of {@link TestClient}'s one operation, read by the core's mapper like a generated model. */
final class ImagesEditResponse {
  @JsonProperty("created")
  Long created;
  @JsonProperty("data")
  List<Image> data;

  List<Image> getData() {
    return data;
  }

  static final class Image {
    @JsonProperty("b64_json")
    String b64Json;
    @JsonProperty("url")
    String url;

    String getB64Json() {
      return b64Json;
    }
  }
}
