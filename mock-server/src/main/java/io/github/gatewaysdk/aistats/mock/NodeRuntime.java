package io.github.gatewaysdk.aistats.mock;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code node} and {@code npm} found on the PATH, checked against the version Prism needs. */
record NodeRuntime(Path node, Path npm, String version) {
    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)");
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    /**
     * @param env the environment whose PATH is searched (the one the mock's processes get)
     * @param minimum the lowest Node version Prism runs on, e.g. {@code 20.16.0} (package.json's engines.node)
     */
    static NodeRuntime locate(Map<String, String> env, String minimum) {
        Path node = onPath(env, "node").orElseThrow(() -> new AiStatsMockException(
                "The AI Stats mock runs Prism on Node.js, and there is no node on the PATH (" + env.getOrDefault("PATH", "")
                        + "). " + installHint(minimum)));
        Processes.Result result = Processes.run(new ProcessBuilder(node.toString(), "--version"),
                Duration.ofSeconds(30), node + " --version");
        Matcher found = VERSION.matcher(result.output());
        if (result.exitCode() != 0 || !found.find()) {
            throw new AiStatsMockException("Cannot tell the version of " + node + " (exit code " + result.exitCode() + "). "
                    + installHint(minimum) + result.quoted());
        }
        String version = found.group(1) + "." + found.group(2) + "." + found.group(3);
        if (compare(version, minimum) < 0) {
            throw new AiStatsMockException("The AI Stats mock runs Prism on Node.js >= " + minimum + ", and " + node
                    + " is " + version + ". " + installHint(minimum));
        }
        // npm comes with node; next to it first, so a PATH with several Node versions uses one pair.
        Path npm = inDir(node.getParent(), "npm").or(() -> onPath(env, "npm")).orElseThrow(() -> new AiStatsMockException(
                "Found " + node + " (" + version + ") but no npm next to it or on the PATH: install npm, which comes with "
                        + "Node.js from https://nodejs.org."));
        return new NodeRuntime(node, npm, version);
    }

    static String installHint(String minimum) {
        return "Install Node.js " + minimum + " or later (https://nodejs.org, or a package manager), or run the mock in "
                + "Docker with -D" + Settings.RUNTIME.property() + "=docker (or " + Settings.RUNTIME.env() + "=docker).";
    }

    static int compare(String version, String other) {
        String[] a = version.split("\\.");
        String[] b = other.split("\\.");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int x = i < a.length ? Integer.parseInt(a[i]) : 0;
            int y = i < b.length ? Integer.parseInt(b[i]) : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    static Optional<Path> onPath(Map<String, String> env, String name) {
        String path = env.getOrDefault("PATH", env.getOrDefault("Path", ""));
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                Optional<Path> found = inDir(Paths.get(dir), name);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> inDir(Path dir, String name) {
        for (String suffix : WINDOWS ? new String[] {".exe", ".cmd", ""} : new String[] {""}) {
            Path candidate = dir.resolve(name + suffix);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}
