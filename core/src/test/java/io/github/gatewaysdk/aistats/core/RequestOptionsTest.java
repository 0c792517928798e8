package io.github.gatewaysdk.aistats.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** A call's options: the headers they keep, how they merge over the client's, and how they show. */
class RequestOptionsTest {
  @Test
  void aHeaderSetAgainInAnotherCaseReplacesTheFirstAndLeavesTheOthers() {
    RequestOptions options = RequestOptions.builder()
        .header("X-Team", "a")
        .header("X-Trace", "t-1")
        .header("x-team", "b")
        .build();
    assertEquals(Map.of("X-Trace", "t-1", "x-team", "b"), options.headers());
    assertEquals(List.of("X-Trace", "x-team"), List.copyOf(options.headers().keySet()));
  }

  @Test
  void aCallsHeaderReplacesTheClientsOfTheSameNameInAnyCase() {
    RequestOptions defaults = RequestOptions.builder().header("X-Team", "a").header("X-Region", "eu").build();
    RequestOptions merged = RequestOptions.builder().header("x-team", "b").build().applyDefaults(defaults);
    assertEquals(Map.of("X-Region", "eu", "x-team", "b"), merged.headers());
  }

  @Test
  void theClientRetriesNonIdempotentFailuresOnlyWhenToldTo() {
    try (TestClient told = TestSupport.clientFor("http://127.0.0.1:9/v1", new FakeTiming())
        .retryNonIdempotentFailures(true).build();
        TestClient untold = TestSupport.clientFor("http://127.0.0.1:9/v1", new FakeTiming()).build()) {
      assertEquals(true, told.core.defaults.retryNonIdempotentFailures());
      assertEquals(false, untold.core.defaults.retryNonIdempotentFailures());
    }
  }

  @Test
  void toStringShowsWhatIsSetAndLeavesOutWhatIsNot() {
    assertEquals("RequestOptions{timeout=PT30S, responseTimeout=null, maxRetries=null,"
        + " retryNonIdempotentFailures=null, headers={X-Trace=t-1}}",
        RequestOptions.builder().timeout(Duration.ofSeconds(30)).header("X-Trace", "t-1").build().toString());
    Executor direct = new Executor() {
      @Override
      public void execute(Runnable command) {
        command.run();
      }

      @Override
      public String toString() {
        return "direct";
      }
    };
    assertEquals("RequestOptions{timeout=null, responseTimeout=null, maxRetries=1, retryNonIdempotentFailures=null,"
        + " headers={}, asyncExecutor=direct, extraBodyProperties=[seed], extraQueryParams=[debug]}",
        RequestOptions.builder().maxRetries(1).asyncExecutor(direct).extraBodyProperty("seed", 7)
            .extraQueryParam("debug", "1").build().toString());
  }
}
