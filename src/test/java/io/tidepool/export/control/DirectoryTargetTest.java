package io.tidepool.export.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryTargetTest {

    @TempDir
    Path dir;

    @Test
    void aFileAppearsUnderItsKeyAndReplacesAnEarlierOneWithoutLeavingAPartialFile() throws IOException {
        Path root = dir.resolve("volume");
        DirectoryTarget target = new DirectoryTarget(root);
        Path file = Files.writeString(dir.resolve("x.parquet"), "first");
        String key = "otel_spans_local/date=2026-12-02/hour=16/node=a/20261202T164500Z-1.parquet";

        target.put(file, key);
        target.put(Files.writeString(file, "second"), key);

        assertEquals("second", Files.readString(root.resolve(key)));
        try (var files = Files.list(root.resolve(key).getParent())) {
            assertEquals(1, files.count(), "only the file itself, no .partial beside it");
        }
    }

    @Test
    void refusesAKeyThatLeadsOutOfTheDirectory() throws IOException {
        Path root = dir.resolve("volume");
        Path file = Files.writeString(dir.resolve("x.parquet"), "x");
        IOException e = assertThrows(IOException.class, () -> new DirectoryTarget(root).put(file, "../escaped.parquet"));
        assertEquals("the key ../escaped.parquet leads out of " + root, e.getMessage());
        assertFalse(Files.exists(dir.resolve("escaped.parquet")));
    }
}
