package io.tidepool.scripts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class StderrSplitterTest {

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final List<String> audit = new ArrayList<>();
    private final StderrSplitter splitter = new StderrSplitter(new StderrSplitter.Sink() {
        @Override
        public void output(byte[] bytes, int offset, int length) {
            output.write(bytes, offset, length);
        }

        @Override
        public boolean audit(String line) {
            if (line.contains("\"permission\"")) {
                audit.add(line);
                return true;
            }
            return false;
        }
    });

    private static final String AUDIT = "{\"v\":1,\"datetime\":\"2026-11-27T00:45:58Z\",\"permission\":\"read\",\"value\":\"/etc/passwd\"}";

    private void write(String text, int pieceSize) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += pieceSize) {
            splitter.write(bytes, i, Math.min(pieceSize, bytes.length - i));
        }
    }

    @Test
    void auditLinesAreTakenOutOfTheOutputWhateverThePieces() {
        for (int piece : new int[] {1, 3, 7, 1000}) {
            output.reset();
            audit.clear();
            write("error: boom\n" + AUDIT + "\nstill output {\"v\":2}\n" + AUDIT + "\n", piece);
            splitter.close();
            assertEquals("error: boom\nstill output {\"v\":2}\n", output.toString(StandardCharsets.UTF_8), "pieces of " + piece);
            assertEquals(List.of(AUDIT, AUDIT), audit, "pieces of " + piece);
        }
    }

    @Test
    void aLineThatOnlyLooksLikeAnAuditLineIsOutput() {
        String fake = "{\"v\":1,\"datetime\":\"now\",\"nothing\":1}";
        write(fake + "\nnext\n", 5);
        splitter.close();
        assertEquals(fake + "\nnext\n", output.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(), audit);
    }

    @Test
    void outputWithoutANewlineIsPassedOnAtOnceAndAtTheEnd() {
        write("progress 10%", 4);
        assertEquals("progress 10%", output.toString(StandardCharsets.UTF_8), "not held back waiting for a newline");
        write("{\"v\":1,\"datetime\":", 100);
        splitter.close();
        assertEquals("progress 10%{\"v\":1,\"datetime\":", output.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anOverlongCandidateIsReleasedAsOutput() {
        String longLine = PermissionAudit.LINE_PREFIX + "x".repeat(StderrSplitter.MAX_AUDIT_LINE) + "\n";
        write(longLine, 4096);
        splitter.close();
        assertEquals(longLine, output.toString(StandardCharsets.UTF_8));
    }
}
