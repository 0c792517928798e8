package io.github.gatewaysdk.aistats.mock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Prism in a Docker container ({@code -Dai.stats.mock.runtime=docker}): the image is built once from the jar's
 * Dockerfile and install files (tag {@code ai-stats-mock:<install hash>}), the contract is mounted read-only, and the
 * container's port 4010 is published on a free port of 127.0.0.1. Not exercised by this build: its machines have no
 * Docker engine.
 */
final class DockerPrism implements PrismServer {
    private static final String CONTAINER_PORT = "4010/tcp";

    private final Path docker;
    private final Map<String, String> env;
    private final String containerId;
    private final Path logFile;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String baseUrl;

    static DockerPrism start(PrismInstallation installation, Path cache, Path contract, Long seed, Path logFile,
            Map<String, String> env, Duration timeout) {
        Path docker = NodeRuntime.onPath(env, "docker").orElseThrow(() -> new AiStatsMockException(
                Settings.RUNTIME.property() + "=docker, but there is no docker on the PATH: install Docker (with a running "
                        + "engine), or unset it to run Prism on Node.js " + installation.minimumNode() + " or later."));
        String image = "ai-stats-mock:" + installation.directoryName().replaceFirst("^.*-", "");
        Path context = cache.resolve("docker-" + installation.directoryName());
        try {
            for (String file : List.of("Dockerfile", "start-mock.js")) {
                Files.createDirectories(context);
                Files.write(context.resolve(file), PrismInstallation.resource(file));
            }
            for (String file : new String(PrismInstallation.resource("files.txt")).split("\\R")) {
                if (!file.isBlank()) {
                    Files.createDirectories(context.resolve(file.trim()).getParent());
                    Files.write(context.resolve(file.trim()), PrismInstallation.resource(file.trim()));
                }
            }
        } catch (IOException e) {
            throw new AiStatsMockException("Cannot write the Docker build folder " + context + " (" + e + "): set -D"
                    + Settings.CACHE.property() + " to a writable directory.", e);
        }
        check(docker, env, timeout, "build", "-q", "-t", image, context.toString());
        List<String> run = new ArrayList<>(List.of("run", "-d", "--rm", "--init", "-p", "127.0.0.1::4010",
                "-v", contract.toAbsolutePath() + ":/contract/openapi.yaml:ro", image, "node", "start-mock.js"));
        if (seed != null) {
            run.addAll(List.of("-d", "--seed", seed.toString()));
        }
        String id = check(docker, env, timeout, run.toArray(String[]::new)).trim();
        DockerPrism prism = new DockerPrism(docker, env, id, logFile);
        try {
            String published = check(docker, env, timeout, "port", id, CONTAINER_PORT).trim().split("\\R")[0];
            prism.baseUrl = "http://" + published;
            if (!PrismProcess.Http.awaitAnswer(prism.baseUrl, System.nanoTime() + timeout.toNanos(), () -> true)) {
                throw new AiStatsMockException("The Prism container " + id + " did not answer on " + prism.baseUrl + " within "
                        + timeout.toSeconds() + " s; see docker logs " + id);
            }
            return prism;
        } catch (RuntimeException e) {
            prism.close();
            throw e;
        }
    }

    private DockerPrism(Path docker, Map<String, String> env, String containerId, Path logFile) {
        this.docker = docker;
        this.env = env;
        this.containerId = containerId;
        this.logFile = logFile;
    }

    private static String check(Path docker, Map<String, String> env, Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(docker.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        Processes.Result result = Processes.run(builder, timeout, "docker " + args[0]);
        if (result.exitCode() != 0) {
            throw new AiStatsMockException("docker " + String.join(" ", args) + " exited with " + result.exitCode()
                    + " (is the Docker engine running?)" + result.quoted());
        }
        return result.output();
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public Path logFile() {
        return logFile;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                Files.createDirectories(logFile.getParent());
                Files.writeString(logFile, check(docker, env, Duration.ofSeconds(30), "logs", containerId));
            } catch (IOException | AiStatsMockException e) {
                // The logs are a convenience; stopping the container matters.
            }
            check(docker, env, Duration.ofSeconds(30), "rm", "-f", containerId);
        }
    }
}
