package io.tidepool.scripts.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.tidepool.scripts.control.OutputTail.Chunk;

class OutputTailTest {

    private static void write(OutputTail tail, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        tail.append(bytes, 0, bytes.length);
    }

    @Test
    void keepsEverythingUpToItsCapacity() {
        OutputTail tail = new OutputTail(16);
        write(tail, "hello ");
        write(tail, "world");
        assertEquals("hello world", tail.text());
        assertEquals(11, tail.total());
        assertEquals(0, tail.retainedFrom());
    }

    @Test
    void keepsTheLastPartWhenMoreIsWritten() {
        OutputTail tail = new OutputTail(8);
        for (int i = 0; i < 10; i++) {
            write(tail, "line" + i + "\n");
        }
        assertEquals(60, tail.total());
        assertEquals("\nline9\n", tail.text().substring(1));
        assertEquals(8, tail.text().length());
        assertEquals(52, tail.retainedFrom());
    }

    @Test
    void aSingleWriteLargerThanTheCapacityKeepsItsEnd() {
        OutputTail tail = new OutputTail(4);
        write(tail, "abcdefghij");
        assertEquals("ghij", tail.text());
        assertEquals(10, tail.total());
    }

    @Test
    void readsFromAnOffsetAndSkipsWhatWasDropped() {
        OutputTail tail = new OutputTail(8);
        write(tail, "0123456789");
        Chunk chunk = tail.from(0, true);
        assertEquals(2, chunk.offset(), "bytes 0 and 1 were dropped");
        assertEquals("23456789", chunk.text());
        assertEquals(10, chunk.end());
        assertEquals("89", tail.from(8, true).text());
        assertEquals(0, tail.from(10, true).bytes().length);
    }

    @Test
    void neverCutsACharacterInHalf() {
        OutputTail tail = new OutputTail(64);
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        tail.append("a".getBytes(StandardCharsets.UTF_8), 0, 1);
        tail.append(euro, 0, 2);
        Chunk partial = tail.from(0, false);
        assertEquals("a", partial.text(), "the incomplete euro sign waits for its last byte");
        tail.append(euro, 2, 1);
        assertEquals("€", tail.from(partial.end(), false).text());
    }

    @Test
    void aCharacterWhoseStartWasDroppedIsLeftOut() {
        OutputTail tail = new OutputTail(3);
        write(tail, "ab€d");
        // Six bytes (a b E2 82 AC d); the last three start inside the euro sign.
        assertEquals("d", tail.text());
        assertArrayEquals("d".getBytes(StandardCharsets.UTF_8), tail.from(0, true).bytes());
        assertEquals(5, tail.from(0, true).offset());
        write(tail, "€");
        assertEquals("€", tail.text());
    }
}
