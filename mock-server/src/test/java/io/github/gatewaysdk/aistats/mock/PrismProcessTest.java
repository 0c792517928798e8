package io.github.gatewaysdk.aistats.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

class PrismProcessTest {

    @Test
    void readsThePortFromPrismsListeningLine() {
        assertEquals(OptionalInt.of(41234),
                PrismProcess.parseListeningPort("[8:13:10 AM] › [CLI] ▶  start     Prism is listening on http://127.0.0.1:41234"));
    }

    @Test
    void ignoresColourCodes() {
        assertEquals(OptionalInt.of(4010),
                PrismProcess.parseListeningPort("\u001B[32m▶  start\u001B[39m Prism is listening on \u001B[1mhttp://127.0.0.1:4010\u001B[22m"));
    }

    @Test
    void otherLinesHaveNoPort() {
        assertEquals(OptionalInt.empty(),
                PrismProcess.parseListeningPort("[CLI] ℹ  info      POST       http://127.0.0.1:4010/images/edits"));
    }
}
