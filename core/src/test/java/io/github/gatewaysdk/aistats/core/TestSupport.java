package io.github.gatewaysdk.aistats.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.hc.core5.pool.PoolStats;
import org.junit.jupiter.api.function.Executable;

/** Shared fixtures: a valid request, a client aimed at a test server, bounded waits. */
final class TestSupport {
  static final String API_KEY = "sk-test-7f3a9c2e5b1d4806";
  static final String PNG_DATA_URL = "data:image/png;base64,iVBORw0KGgo=";
  /** Scheduling slack on a busy 2-core machine, on top of the timeout under test. */
  static final Duration MARGIN = Duration.ofSeconds(2);

  private TestSupport() {
  }

  static ImagesEditRequest request() {
    return new ImagesEditRequest().model("gpt-image-1").image(PNG_DATA_URL).prompt("Add a top hat");
  }

  /** Short timeouts so faults resolve quickly; the fake timing makes backoff instant. */
  static ClientBuilder<TestClient> clientFor(String baseUrl, Timing timing) {
    return TestClient.builder()
        .apiKey(API_KEY)
        .baseUrl(baseUrl)
        .connectTimeout(Duration.ofSeconds(2))
        .responseTimeout(Duration.ofSeconds(2))
        .timeout(Duration.ofSeconds(10))
        .environment(name -> null)
        .systemProperties(name -> null)
        .timing(timing)
        .random(() -> 0.5);
  }

  static <T extends Throwable> T failsWithin(Duration limit, Class<T> type, Executable call) {
    return assertTimeoutPreemptively(limit.plus(MARGIN), () -> assertThrows(type, call));
  }

  /**
   * No connection stays leased: the blocking pool at once, the asynchronous pool within a second, as its I/O thread
   * releases a connection after the future completed.
   */
  static void assertNoLeasedConnections(TestClient client) {
    assertEquals(0, client.poolStats().getLeased(), () -> "leased connections: " + client.poolStats());
    awaitPool(client::asyncPoolStats, pool -> pool == null || pool.getLeased() == 0, "leased asynchronous connections");
  }

  /**
   * Waits up to two seconds for a pool to reach a state, and fails naming {@code what} with the pool's last state:
   * a future completes before its I/O thread has put the connection back, so a pool read once is a race.
   */
  static void awaitPool(Supplier<PoolStats> pool, Predicate<PoolStats> reached, String what) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (!reached.test(pool.get()) && System.nanoTime() < end) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    assertTrue(reached.test(pool.get()), () -> what + ": " + pool.get());
  }

  /** The two forms of every call: blocking, and asynchronous awaited, whose failure is the future's cause, unwrapped. */
  enum Form {
    BLOCKING, ASYNC;

    ImagesEditResponse edit(TestClient client, ImagesEditRequest request) {
      return edit(client, request, RequestOptions.none());
    }

    ImagesEditResponse edit(TestClient client, ImagesEditRequest request, RequestOptions options) {
      if (this == BLOCKING) {
        return client.images().edit(request, options);
      }
      return await(client.images().editAsync(request, options));
    }

    <T> EventStream<T> events(TestClient client, io.github.gatewaysdk.aistats.core.internal.ResponseType<EventStream<T>>
        type) {
      return this == BLOCKING ? client.events(type) : await(client.eventsAsync(type));
    }

    /** Any request, as a generated operation sends it. */
    <T> T send(TestClient client, io.github.gatewaysdk.aistats.core.internal.ApiRequest<T> request,
        RequestOptions options) {
      return this == BLOCKING ? client.core.execute(request, options)
          : await(client.core.executeAsync(() -> request, options));
    }

    BinaryResponse speech(TestClient client) {
      return this == BLOCKING ? client.speech() : await(client.speechAsync());
    }

    byte[] download(TestClient client, java.net.URI url) {
      return this == BLOCKING ? client.download(url) : await(client.downloadAsync(url));
    }
  }

  /** The future's value; its failure rethrown as it is (an {@code AiStatsException}, not wrapped). */
  static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw new AssertionError("the future failed with a checked exception", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
