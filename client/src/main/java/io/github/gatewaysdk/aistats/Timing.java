package io.github.gatewaysdk.aistats;

/** Time as the retry loop sees it; tests inject a fake whose sleep advances its clock instead of waiting. */
interface Timing {
  Timing SYSTEM = new Timing() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public long currentTimeMillis() {
      return System.currentTimeMillis();
    }

    @Override
    public void sleep(long millis) throws InterruptedException {
      Thread.sleep(millis);
    }
  };

  /** Monotonic time, for deadlines. */
  long nanoTime();

  /** Wall-clock time, for Retry-After dates. */
  long currentTimeMillis();

  void sleep(long millis) throws InterruptedException;
}
