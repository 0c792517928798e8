package io.github.gatewaysdk.aistats.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What the jar ships and what the README shows stay what the build runs. */
class ReadmeSnippetTest {

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertTrue(from >= 0, "no " + start);
        int to = text.indexOf(end, from + start.length());
        return text.substring(from + start.length(), to < 0 ? text.length() : to);
    }

    /** The Java block of the root README's section runs as ImageEditsIT (failsafe). */
    @Test
    void readmeTestIsImageEditsIT() throws IOException {
        String section = between(Files.readString(Path.of("..", "README.md")), "## Test your code against the mock\n", "\n## ");
        Matcher block = Pattern.compile("```java[^\\n]*\\n(.*?)\\n```", Pattern.DOTALL).matcher(section);
        assertTrue(block.find(), "no Java block in the section");
        String snippet = between(Files.readString(Path.of("src/test/java/io/github/gatewaysdk/aistats/mock/ImageEditsIT.java")),
                "// SNIPPET readme\n", "\n// END SNIPPET");
        assertEquals(snippet, block.group(1));
    }

    /** files.txt, the jar's list of install files, names the module's lockfiles and every patch. */
    @Test
    void installFilesListEveryPatch() throws IOException {
        List<String> patches;
        try (Stream<Path> files = Files.list(Path.of("patches"))) {
            patches = files.map(f -> "patches/" + f.getFileName()).sorted().toList();
        }
        List<String> expected = Stream.concat(Stream.of("package.json", "package-lock.json"), patches.stream()).toList();
        assertEquals(expected, Files.readAllLines(Path.of(
                "src/main/resources/io/github/gatewaysdk/aistats/mock/prism/files.txt")));
    }
}
