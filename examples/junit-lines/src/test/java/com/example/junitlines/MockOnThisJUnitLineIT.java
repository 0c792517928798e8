package com.example.junitlines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.gatewaysdk.aistats.AiStatsClient;
import io.github.gatewaysdk.aistats.ImageData;
import io.github.gatewaysdk.aistats.mock.AiStatsMock;
import io.github.gatewaysdk.aistats.mock.WithAiStatsMock;
import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import io.github.gatewaysdk.aistats.model.ImagesEditResponse;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** What a user's test does with the mock, on the JUnit version this build was given. */
@WithAiStatsMock
class MockOnThisJUnitLineIT {
  private static final byte[] PNG = Base64.getDecoder().decode(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

  @Test
  void runsOnTheJUnitVersionTheBuildChose() {
    assertEquals(System.getProperty("junit.version"), Test.class.getPackage().getImplementationVersion(),
        "the JUnit on the test class path");
  }

  @Test
  void theMockAndAClientForItAreHandedToTheTest(AiStatsMock mock, AiStatsClient client) {
    assertEquals(mock.baseUrl(), client.baseUrl());
    ImagesEditResponse response = client.images().edit(new ImagesEditRequest()
        .model("gpt-image-1").image(ImageData.toDataUrl(PNG)).prompt("Add a top hat"));
    assertFalse(response.getData().isEmpty());
  }

  @Test
  void aForcedAnswerReachesTheTestThatForcedIt(AiStatsMock mock, AiStatsClient client) {
    mock.answerNext(401);
    io.github.gatewaysdk.aistats.errors.AuthenticationException refused = org.junit.jupiter.api.Assertions.assertThrows(
        io.github.gatewaysdk.aistats.errors.AuthenticationException.class, () -> client.images().edit(
            new ImagesEditRequest().model("gpt-image-1").image(ImageData.toDataUrl(PNG)).prompt("hat")));
    assertEquals(401, refused.statusCode());
  }
}
