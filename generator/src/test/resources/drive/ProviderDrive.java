package example;

import example.model.ImagesEditRequest;
import example.model.ProviderRoutingOptions;
import example.model.ProviderRoutingOptionsMaxPrice;
import example.model.ProviderRoutingOptionsMaxPriceCompletion;
import example.model.ProviderRoutingOptionsMaxPricePrompt;
import example.model.ProviderRoutingOptionsPreferredMaxLatency;
import example.model.ProviderRoutingOptionsPreferredMinThroughput;
import example.model.ProviderRoutingOptionsSort;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collections;

/** Compiled with the client rendered from extended-provider.yaml: a provider with every construct, as a user writes it. */
public final class ProviderDrive {
  private ProviderDrive() {
  }

  public static void send(String baseUrl) {
    try (TestGatewayClient client = TestGatewayClient.builder().apiKey("sk-drive").baseUrl(baseUrl).build()) {
      ProviderRoutingOptions everyKind = new ProviderRoutingOptions()
          .order(Arrays.asList("openai", "google"))
          .includeAlpha(true)
          .allowFallbacks(null)
          .requireParameters(true)
          .zdr(false)
          .requiredExecutionRegion("eu")
          .requiredDataRegion(null)
          .dataCollection(ProviderRoutingOptions.DataCollectionEnum.DENY)
          .quantizations(Arrays.asList("fp8", "int4"))
          .sort(ProviderRoutingOptionsSort.of("price"))
          .maxPrice(new ProviderRoutingOptionsMaxPrice()
              .prompt(ProviderRoutingOptionsMaxPricePrompt.of(0.5))
              .completion(ProviderRoutingOptionsMaxPriceCompletion.of("1.25")))
          .preferredMinThroughput(ProviderRoutingOptionsPreferredMinThroughput.of(
              Collections.singletonMap("p50", new BigDecimal("100"))))
          .preferredMaxLatency(ProviderRoutingOptionsPreferredMaxLatency.of(2.5));
      client.images().createImageEdit(request().provider(everyKind));

      ProviderRoutingOptions otherBranches = new ProviderRoutingOptions()
          .sort(ProviderRoutingOptionsSort.of(Collections.<String, Object>singletonMap("by", "latency")))
          .dataCollection(null)
          .quantizations(null);
      client.images().createImageEdit(request().provider(otherBranches));
    }
  }

  private static ImagesEditRequest request() {
    return new ImagesEditRequest().model("m").image("data:image/png;base64,AA==").prompt("p");
  }
}
