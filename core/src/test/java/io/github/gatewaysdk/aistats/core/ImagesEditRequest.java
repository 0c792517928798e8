package io.github.gatewaysdk.aistats.core;

/** The request of {@link TestClient}'s one operation. */
final class ImagesEditRequest {
  String model;
  String image;
  String prompt;

  ImagesEditRequest model(String model) {
    this.model = model;
    return this;
  }

  ImagesEditRequest image(String image) {
    this.image = image;
    return this;
  }

  ImagesEditRequest prompt(String prompt) {
    this.prompt = prompt;
    return this;
  }
}
