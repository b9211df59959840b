package io.tidepool.query.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;

import jakarta.json.Json;

import org.junit.jupiter.api.Test;

class TextBufferTest {

    @Test
    void escapesEveryCharacterJsonRequiresAndEncodesUtf8() {
        String tricky = "quote\" backslash\\ nl\n cr\r tab\t bell\u0007 nul\u0000 é € 𝄞 \u2028";
        TextBuffer out = new TextBuffer(4).string(tricky);
        // A standard parser reads back exactly the original text.
        assertEquals(tricky, Json.createReader(new StringReader("[" + out + "]")).readArray().getString(0));
        assertEquals("\"quote\\\" backslash\\\\ nl\\n cr\\r tab\\t bell\\u0007 nul\\u0000 é € 𝄞 \u2028\"", out.toString());
    }

    @Test
    void replacesALoneSurrogateSoTheOutputStaysValidUtf8() {
        assertEquals("\"a\uFFFDb\"", new TextBuffer(4).string("a\uD800b").toString());
    }

    @Test
    void truncateDropsWhatWasWrittenAfterAPoint() {
        TextBuffer out = new TextBuffer(4).raw('[').number(1);
        int mark = out.size();
        out.raw(',').string("dropped");
        out.truncate(mark);
        assertEquals("[1]", out.raw(']').toString());
    }
}
