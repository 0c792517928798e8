package io.github.gatewaysdk.aistats.core;

import static io.github.gatewaysdk.aistats.core.TestSupport.clientFor;
import static io.github.gatewaysdk.aistats.core.TestSupport.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gatewaysdk.aistats.errors.AiStatsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 2,000 concurrent calls against a server that mixes successes with every fault: each call ends in a result or an
 * {@link AiStatsException}, no connection stays leased, and closing the client stops every thread it started.
 */
class SoakTest {
  private static final int CALLS = 2_000;
  private static final int THREADS = 4;

  @Test
  @Timeout(value = 45, unit = TimeUnit.SECONDS)
  void mixedFaultsLeaveNoLeaseAndNoThread() throws Exception {
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    try (FaultServer server = new FaultServer()) {
      server.otherwise(FaultServer.rotating(mix()));
      TestClient client = clientFor(server.baseUrl(), new FakeTiming(false))
          .responseTimeout(Duration.ofMillis(150))
          .timeout(Duration.ofSeconds(2))
          .maxConnections(8)
          .build();
      ExecutorService callers = Executors.newFixedThreadPool(THREADS, r -> new Thread(r, "soak-caller"));
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        done.add(callers.submit(() -> {
          String outcome;
          try {
            client.images().edit(request());
            outcome = "success";
          } catch (AiStatsException e) {
            outcome = e.getClass().getSimpleName();
          }
          outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
        }));
      }
      for (Future<?> call : done) {
        call.get(); // any other exception type fails the test here
      }
      callers.shutdown();
      assertTrue(callers.awaitTermination(5, TimeUnit.SECONDS));
      assertEquals(0, client.poolStats().getLeased(), () -> "leased after soak: " + client.poolStats());
      assertEquals(CALLS, outcomes.values().stream().mapToInt(AtomicInteger::get).sum());
      assertTrue(outcomes.containsKey("success") && outcomes.size() >= 4, outcomes::toString);
      client.close();
    }
    List<String> leftover = List.of();
    for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5); System.nanoTime() < end; Thread.sleep(50)) {
      leftover = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> !before.contains(t) && t.isAlive())
          .filter(t -> !t.getName().startsWith("fault-server") && !t.getName().startsWith("soak-caller"))
          .map(Thread::getName).collect(Collectors.toList());
      if (leftover.isEmpty()) {
        break;
      }
    }
    assertEquals(List.of(), leftover, "threads left after close");
  }

  private static List<FaultServer.Behavior> mix() {
    List<FaultServer.Behavior> mix = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      mix.add(FaultServer.json(200, FaultServer.OK_BODY));
    }
    mix.add(FaultServer.json(503, "{}"));
    mix.add(FaultServer.json(429, "{}", "Retry-After", "1"));
    mix.add(FaultServer.reset());
    mix.add(FaultServer.noAnswer());
    mix.add(FaultServer.garbage());
    mix.add(FaultServer.malformedChunked());
    mix.add(FaultServer.truncatedJson());
    mix.add(FaultServer.html());
    mix.add(FaultServer.json(422, "{\"validation\":[{\"location\":[\"body\",\"n\"],\"message\":\"too big\"}]}"));
    for (int i = 0; i < 6; i++) {
      mix.add(FaultServer.json(200, FaultServer.OK_BODY));
    }
    // 1 call in 40 waits out the 150 ms response timeout.
    List<FaultServer.Behavior> withSilence = new ArrayList<>(mix);
    withSilence.addAll(mix);
    withSilence.set(withSilence.size() - 1, FaultServer.silent());
    return withSilence;
  }
}
