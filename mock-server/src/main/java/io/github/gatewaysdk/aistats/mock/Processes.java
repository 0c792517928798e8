package io.github.gatewaysdk.aistats.mock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/** Child processes with bounded waits: run one to its end, or stop one with every process it started. */
final class Processes {
    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-9;]*m");
    static final int TAIL_LINES = 40;
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private Processes() {
    }

    /** A finished command's exit code and the last lines it printed (stdout and stderr together). */
    record Result(int exitCode, String output) {
        /** The output as the end of an error message. */
        String quoted() {
            return output.isEmpty() ? "" : System.lineSeparator() + "--- last lines of its output ---"
                    + System.lineSeparator() + output;
        }
    }

    /**
     * Runs {@code builder} to its end, keeping the last lines of its output.
     * @throws AiStatsMockException if it cannot start or has not ended within {@code timeout} (it is then stopped)
     */
    static Result run(ProcessBuilder builder, Duration timeout, String what) {
        Process process;
        try {
            process = builder.redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AiStatsMockException("Cannot run " + what + ": " + e.getMessage(), e);
        }
        Deque<String> tail = new ArrayDeque<>();
        Thread reader = new Thread(() -> readLines(process, tail), "ai-stats-mock-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stopTree(process);
                throw new AiStatsMockException(what + " did not finish within " + timeout.toSeconds() + " s and was stopped."
                        + lastLines(tail));
            }
            reader.join(STOP_GRACE.toMillis());
        } catch (InterruptedException e) {
            stopTree(process);
            Thread.currentThread().interrupt();
            throw new AiStatsMockException(what + " was interrupted", e);
        }
        synchronized (tail) {
            return new Result(process.exitValue(), String.join(System.lineSeparator(), tail));
        }
    }

    static void readLines(Process process, Deque<String> tail) {
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = output.readLine()) != null; ) {
                keep(tail, stripColours(line));
            }
        } catch (IOException e) {
            // The pipe breaks when the process is stopped; its exit is reported by the caller.
        }
    }

    static void keep(Deque<String> tail, String line) {
        synchronized (tail) {
            if (tail.size() == TAIL_LINES) {
                tail.removeFirst();
            }
            tail.addLast(line);
        }
    }

    static String lastLines(Deque<String> tail) {
        synchronized (tail) {
            return tail.isEmpty() ? "" : System.lineSeparator() + "--- last lines of its output ---" + System.lineSeparator()
                    + String.join(System.lineSeparator(), tail);
        }
    }

    static String stripColours(String line) {
        return ANSI_ESCAPE.matcher(line).replaceAll("");
    }

    /** Terminates the process and its descendants, waits, then kills what is left; false if interrupted. */
    static boolean stopTree(Process process) {
        // Snapshot first: descendants are re-parented and no longer reachable once the parent is gone.
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        boolean interrupted = !awaitExit(tree);
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        interrupted |= !awaitExit(tree);
        return !interrupted;
    }

    private static boolean awaitExit(List<ProcessHandle> processes) {
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (ProcessHandle handle : processes) {
            try {
                handle.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // Still alive: the caller escalates.
            } catch (InterruptedException e) {
                return false;
            }
        }
        return true;
    }
}
