package io.github.gatewaysdk.aistats.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.gatewaysdk.aistats.errors.AiStatsException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Paging stops at an empty page, a page short of the limit, or the stated total; each page is fetched once. */
class AutoPagerTest {
  /** Pages of {@code size} items from {@code items} in all, recording the offsets asked for. */
  private static AutoPager.Pages<Long> pages(long items, int size, boolean statesTotal, List<Long> asked) {
    return offset -> {
      asked.add(offset);
      List<Long> page = LongStream.range(offset, Math.min(items, offset + size)).boxed().collect(Collectors.toList());
      return CompletableFuture.completedFuture(new AutoPager.Page<>(page, statesTotal ? items : null));
    };
  }

  private static List<Long> all(Iterable<Long> pager) {
    List<Long> items = new ArrayList<>();
    pager.forEach(items::add);
    return items;
  }

  /** A server that ignores the offset answers the same full page each time: it is handed on once, then paging ends. */
  @Test
  void aPageRepeatingTheOneBeforeEndsPagingInBothForms() throws Exception {
    List<Long> asked = new ArrayList<>();
    AutoPager.Pages<Long> sameEachTime = offset -> {
      asked.add(offset);
      return CompletableFuture.completedFuture(new AutoPager.Page<>(List.of(1L, 2L), null));
    };
    assertEquals(List.of(1L, 2L), all(new AutoPager<>(0, 2, sameEachTime)));
    assertEquals(List.of(0L, 2L), asked);

    asked.clear();
    List<Long> items = new ArrayList<>();
    new AutoPager<>(0, null, sameEachTime).forEachAsync(items::add).get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(List.of(1L, 2L), items);
    assertEquals(List.of(0L, 2L), asked);
  }

  @Test
  void aStatedTotalEndsPagingWithoutAnEmptyPage() {
    List<Long> asked = new ArrayList<>();
    assertEquals(List.of(2L, 3L, 4L, 5L, 6L), all(new AutoPager<>(2, 3, pages(7, 3, true, asked))));
    assertEquals(List.of(2L, 5L), asked);
  }

  @Test
  void aPageShortOfTheLimitIsTheLast() {
    List<Long> asked = new ArrayList<>();
    assertEquals(6, all(new AutoPager<>(0, 4, pages(6, 4, false, asked))).size());
    assertEquals(List.of(0L, 4L), asked);
  }

  @Test
  void withoutLimitOrTotalAnEmptyPageIsTheEnd() {
    List<Long> asked = new ArrayList<>();
    assertEquals(6, all(new AutoPager<>(0, null, pages(6, 4, false, asked))).size());
    assertEquals(List.of(0L, 4L, 6L), asked);
  }

  @Test
  void theAsynchronousFormHandsOnTheSameItemsPageAfterPage() throws Exception {
    List<Long> asked = new ArrayList<>();
    List<Long> items = new ArrayList<>();
    new AutoPager<>(2, 3, pages(7, 3, true, asked)).forEachAsync(items::add).get();
    assertEquals(List.of(2L, 3L, 4L, 5L, 6L), items);
    assertEquals(List.of(2L, 5L), asked);
  }

  @Test
  void aFailedPageEndsPagingWithItsException() {
    AiStatsException failure = new AiStatsException("GET /keys failed: 500");
    AutoPager<Long> pager = new AutoPager<>(0, 2, offset -> {
      CompletableFuture<AutoPager.Page<Long>> page = new CompletableFuture<>();
      if (offset == 0) {
        page.complete(new AutoPager.Page<>(List.of(0L, 1L), null));
      } else {
        page.completeExceptionally(failure);
      }
      return page;
    });
    List<Long> seen = new ArrayList<>();
    assertSame(failure, assertThrows(AiStatsException.class, () -> pager.forEach(seen::add)));
    assertEquals(List.of(0L, 1L), seen);
    ExecutionException async = assertThrows(ExecutionException.class, () -> pager.forEachAsync(item -> { }).get());
    assertSame(failure, async.getCause());
  }
}
