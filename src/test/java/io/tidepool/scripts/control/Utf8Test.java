package io.tidepool.scripts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {

    @ParameterizedTest
    @ValueSource(strings = {"a", "é", "€", "𝄞", "ab€𝄞"})
    void everyPrefixEndsBeforeAnIncompleteCharacter(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            byte[] prefix = Arrays.copyOf(bytes, cut);
            int complete = Utf8.completeLength(prefix);
            String decoded = new String(prefix, 0, complete, StandardCharsets.UTF_8);
            assertEquals(decoded, text.substring(0, decoded.length()), "cut at " + cut);
            assertEquals(complete, decoded.getBytes(StandardCharsets.UTF_8).length, "no replacement characters");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"é", "€", "𝄞"})
    void continuationBytesAtTheFrontAreSkipped(String character) {
        byte[] bytes = (character + "x").getBytes(StandardCharsets.UTF_8);
        for (int drop = 1; drop < bytes.length - 1; drop++) {
            byte[] rest = Arrays.copyOfRange(bytes, drop, bytes.length);
            assertEquals(rest.length - 1, Utf8.continuationPrefix(rest), "dropped " + drop);
        }
        assertEquals(0, Utf8.continuationPrefix(bytes));
    }
}
