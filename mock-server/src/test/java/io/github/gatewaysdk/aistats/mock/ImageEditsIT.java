package io.github.gatewaysdk.aistats.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.gatewaysdk.aistats.AiStatsClient;
import io.github.gatewaysdk.aistats.errors.UnprocessableEntityException;
import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import io.github.gatewaysdk.aistats.model.ImagesEditResponse;
import io.github.gatewaysdk.aistats.model.ProviderRoutingOptions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

// The root README's "Test your code against the mock" test, verbatim between the markers (ReadmeSnippetTest checks).
// SNIPPET readme
@WithAiStatsMock
class ImageEditsIT {
  private final ImagesEditRequest request = new ImagesEditRequest()
      .model("gpt-image-1").image("data:image/png;base64,aW1n").prompt("Add a top hat");

  @Test
  void validRequestGetsTheContractsAnswer(AiStatsClient client) {
    ImagesEditResponse response = client.images().edit(request); // a request that breaks the contract fails the test
    assertEquals(1, response.getData().size());
  }

  @Test
  void rateLimitIsRetried(AiStatsClient client, AiStatsMock mock) {
    mock.answerNext(429, "Retry-After", "1");                      // this once, then Prism answers
    client.images().edit(request);
    assertEquals(List.of(429, 200), mock.calls().stream().map(MockCall::status).toList());
  }

  @Test
  void invalidRequestIsRejected(AiStatsClient client, AiStatsMock mock) {
    ImagesEditRequest invalid = request.provider(new ProviderRoutingOptions().order(Arrays.asList("openai", null)));
    assertThrows(UnprocessableEntityException.class, () -> client.images().edit(invalid));
    assertEquals(List.of("POST /images/edits: body.provider.order.1: Request body property provider.order.1 must be string"),
        mock.takeViolations());                                    // taken: expected, so the test does not fail on them
  }
}
// END SNIPPET
