package io.github.gatewaysdk.aistats.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes allocated and CPU time used by a set of threads since a starting point, from HotSpot's per-thread counters:
 * the threads that make the calls (callers and the SDK's own), so that a server in the same JVM is not counted.
 */
final class ThreadCounters {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final long[] ids;
    private final long[] allocatedBefore;
    private final long[] cpuBefore;

    private ThreadCounters(List<Thread> threads) {
        ids = threads.stream().mapToLong(Thread::getId).toArray();
        allocatedBefore = THREADS.getThreadAllocatedBytes(ids);
        cpuBefore = THREADS.getThreadCpuTime(ids);
    }

    /** Starts counting for {@code threads}; threads started later are not counted. */
    static ThreadCounters start(List<Thread> threads) {
        return new ThreadCounters(threads);
    }

    /** @return the bytes the threads allocated since {@link #start}; a thread that ended meanwhile counts nothing */
    long bytesSinceStart() {
        return sinceStart(allocatedBefore, THREADS.getThreadAllocatedBytes(ids));
    }

    /** @return the CPU time the threads used since {@link #start}, in nanoseconds, as {@link #bytesSinceStart} */
    long cpuNanosSinceStart() {
        return sinceStart(cpuBefore, THREADS.getThreadCpuTime(ids));
    }

    /** Counters read -1 for a thread that is no longer alive. */
    private static long sinceStart(long[] before, long[] after) {
        long sum = 0;
        for (int i = 0; i < before.length; i++) {
            if (before[i] >= 0 && after[i] >= 0) {
                sum += after[i] - before[i];
            }
        }
        return sum;
    }

    /** @return the live threads the SDK's clients started, all named {@code ai-stats-*} */
    static List<Thread> sdkThreads() {
        List<Thread> sdk = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && thread.getName().startsWith("ai-stats-")) {
                sdk.add(thread);
            }
        }
        return sdk;
    }
}
