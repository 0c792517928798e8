package io.github.gatewaysdk.aistats.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeRuntimeTest {

    @ParameterizedTest
    @CsvSource({"20.16.0, 20.16.0, 0", "20.15.9, 20.16.0, -1", "22.0.0, 20.16.0, 1", "20.16, 20.16.0, 0", "9.0.0, 10.0.0, -1"})
    void comparesVersionsNumerically(String version, String other, int expected) {
        assertEquals(expected, Integer.signum(NodeRuntime.compare(version, other)));
    }

    private static void script(Path dir, String name, String body) throws IOException {
        Path file = Files.writeString(dir.resolve(name), "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    @DisabledOnOs(OS.WINDOWS) // the fake node is a shell script
    void tooOldNodeNamesBothVersions(@TempDir Path dir) throws IOException {
        script(dir, "node", "echo v18.19.0");
        script(dir, "npm", "exit 0");

        AiStatsMockException error = assertThrows(AiStatsMockException.class,
                () -> NodeRuntime.locate(Map.of("PATH", dir.toString()), "20.16.0"));

        assertEquals("The AI Stats mock runs Prism on Node.js >= 20.16.0, and " + dir.resolve("node") + " is 18.19.0. "
                + "Install Node.js 20.16.0 or later (https://nodejs.org, or a package manager), or run the mock in Docker "
                + "with -Dai.stats.mock.runtime=docker (or AI_STATS_MOCK_RUNTIME=docker).", error.getMessage());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void npmIsTakenFromNodesFolder(@TempDir Path dir) throws IOException {
        script(dir, "node", "echo v20.20.2");
        script(dir, "npm", "exit 0");

        NodeRuntime runtime = NodeRuntime.locate(Map.of("PATH", "/nonexistent:" + dir), "20.16.0");

        assertEquals(new NodeRuntime(dir.resolve("node"), dir.resolve("npm"), "20.20.2"), runtime);
    }
}
