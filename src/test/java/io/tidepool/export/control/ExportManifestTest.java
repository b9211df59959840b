package io.tidepool.export.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportManifestTest {

    @TempDir
    Path dir;

    @Test
    void aRecordedWindowSurvivesARestartWithItsFileCountAndStamp() throws Exception {
        Path file = dir.resolve("manifest.json");
        ExportManifest manifest = ExportManifest.load(file);
        assertNull(manifest.exported("otel_spans_local", 300_000_000L));
        manifest.record("otel_spans_local", 300_000_000L, 41);
        manifest.record("otel_spans_local", 300_000_000L, 57);
        manifest.record("script_events", 600_000_000L, 12);

        ExportManifest reloaded = ExportManifest.load(file);
        assertEquals(new ExportManifest.Exported(2, 57), reloaded.exported("otel_spans_local", 300_000_000L));
        assertEquals(new ExportManifest.Exported(1, 12), reloaded.exported("script_events", 600_000_000L));
        assertEquals(600_000_000L, reloaded.latestWindow("script_events"));
        assertEquals(false, Files.exists(dir.resolve("manifest.json.next")), "the file is replaced by a rename");
    }

    @Test
    void forgetsWindowsOlderThanTheHorizon() throws Exception {
        ExportManifest manifest = ExportManifest.load(dir.resolve("manifest.json"));
        manifest.record("beyla_http_metrics", 100, 1);
        manifest.record("beyla_http_metrics", 200, 2);
        manifest.forgetBefore(200);
        assertNull(manifest.exported("beyla_http_metrics", 100));
        assertEquals(new ExportManifest.Exported(1, 2), manifest.exported("beyla_http_metrics", 200));
    }
}
