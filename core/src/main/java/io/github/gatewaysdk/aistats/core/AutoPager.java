package io.github.gatewaysdk.aistats.core;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Every item of a list operation that pages with {@code offset} and {@code limit}, fetched a page at a time as they
 * are needed, each page a call of the operation (its options, retries and typed errors). Iterate over it (blocking),
 * or {@link #forEachAsync} (each page fetched without blocking). Paging stops at an empty page, at a page shorter
 * than the limit asked for, past the total the answer states, or at a page that repeats the one before (a server that
 * ignores the offset).
 *
 * <pre>{@code
 * for (ApiKey key : client.keys().listApiKeysAutoPaging(new ListApiKeysParams().limit(100))) {
 *   System.out.println(key.getName());
 * }
 * }</pre>
 *
 * @param <T> an item
 */
public final class AutoPager<T> implements Iterable<T> {
  /**
   * One page of a list operation's answer.
   *
   * @param <T> an item
   */
  public static final class Page<T> {
    private final List<T> items;
    private final Number total;

    /**
     * @param items the page's items (null counts as none)
     * @param total the total the answer states, or null when it states none
     */
    public Page(List<T> items, Number total) {
      this.items = items == null ? java.util.Collections.emptyList() : items;
      this.total = total;
    }
  }

  /**
   * Fetches the page at an offset: a call of the list operation.
   *
   * @param <T> an item
   */
  @FunctionalInterface
  public interface Pages<T> {
    /**
     * @param offset how many items to skip
     * @return the page there, when it arrives
     */
    CompletableFuture<Page<T>> at(long offset);
  }

  private final long firstOffset;
  private final Integer limit;
  private final Pages<T> pages;

  /**
   * For generated services, which hand one out from each paging operation's {@code ...AutoPaging} method.
   *
   * @param firstOffset where the first page starts
   * @param limit the page size asked for, or null for the server's
   * @param pages fetches the page at an offset
   */
  public AutoPager(long firstOffset, Integer limit, Pages<T> pages) {
    this.firstOffset = firstOffset;
    this.limit = limit;
    this.pages = Objects.requireNonNull(pages, "pages");
  }

  /** @return the items, each page fetched (blocking) when the one before is used up */
  @Override
  public Iterator<T> iterator() {
    return new Iterator<T>() {
      private long offset = firstOffset;
      private Iterator<T> page;
      private List<T> previous;
      private boolean last;

      @Override
      public boolean hasNext() {
        while (page == null || !page.hasNext()) {
          if (last) {
            return false;
          }
          Page<T> fetched = join(pages.at(offset));
          if (repeats(fetched, previous)) {
            last = true;
            return false;
          }
          last = isLast(fetched, offset);
          offset += fetched.items.size();
          previous = fetched.items;
          page = fetched.items.iterator();
        }
        return true;
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException("no more items");
        }
        return page.next();
      }
    };
  }

  /**
   * Hands every item to {@code action}, fetching each page without blocking once the one before is handed on.
   *
   * @param action takes each item, on the thread that completed its page's call (the call's executor)
   * @return completed after the last item, or exceptionally with a page's typed exception or what {@code action}
   *     threw
   */
  public CompletableFuture<Void> forEachAsync(Consumer<? super T> action) {
    Objects.requireNonNull(action, "action");
    return from(firstOffset, null, action);
  }

  private CompletableFuture<Void> from(long offset, List<T> previous, Consumer<? super T> action) {
    return pages.at(offset).thenCompose(page -> {
      if (repeats(page, previous)) {
        return CompletableFuture.<Void>completedFuture(null);
      }
      page.items.forEach(action);
      return isLast(page, offset) ? CompletableFuture.<Void>completedFuture(null)
          : from(offset + page.items.size(), page.items, action);
    });
  }

  /**
   * Whether a page repeats the one before it: a server (or a mock answering one sample) that ignores the offset,
   * whose list would otherwise never end. The repeat is not handed on.
   */
  private static boolean repeats(Page<?> page, List<?> previous) {
    return previous != null && !page.items.isEmpty() && page.items.equals(previous);
  }

  private boolean isLast(Page<T> page, long offset) {
    int size = page.items.size();
    return size == 0 || limit != null && size < limit
        || page.total != null && offset + size >= page.total.longValue();
  }

  private static <R> R join(CompletableFuture<R> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw e;
    }
  }
}
