package io.tidepool.scripts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.tidepool.scripts.entity.Run;

/** Audit lines and error texts as Deno 2.9.6 writes them (copied from measured runs). */
class PermissionAuditTest {

    private final PermissionAudit audit = new PermissionAudit("127.0.0.1:9003", Set.of("TIDEPOOL_TOKEN", "TIDEPOOL_SDK_URL"));

    private boolean line(String permission, String value) {
        return audit.accept("{\"v\":1,\"datetime\":\"2026-11-27T00:45:58Z\",\"permission\":\"" + permission + "\",\"value\":"
                + (value == null ? "null" : "\"" + value + "\"") + "}");
    }

    @Test
    void grantedAccessesAreNotReported() {
        assertTrue(line("net", "http://127.0.0.1:9003/db/query"));
        assertTrue(line("net", "127.0.0.1:9003"));
        assertTrue(line("env", "TIDEPOOL_TOKEN"));
        assertEquals(List.of(), audit.denied());
    }

    @Test
    void everythingElseIsReportedOnceInOrder() {
        line("read", "/etc/passwd");
        line("net", "http://127.0.0.1:9080/");
        line("net", "127.0.0.1:9080");
        line("net", "localhost:9003");
        line("env", "HOME");
        line("env", null);
        line("import", DenoSandbox.DENIED_IMPORT_HOST);
        line("import", "deno.land:443");
        line("ffi", "libc.so.6");
        line("read", "/etc/passwd");
        assertEquals(List.of("read /etc/passwd", "net 127.0.0.1:9080", "net localhost:9003", "env HOME", "env (all variables)",
                "import of a local file outside the sandbox", "import deno.land:443", "ffi libc.so.6"), audit.denied());
    }

    @Test
    void errorsInTheOutputAddWhatTheAuditMisses() {
        line("read", "/etc/passwd");
        audit.scanOutput("""
                {"spawn":"NotCapable: Requires run access to \\"/bin/sh\\", run again with the --allow-run flag"}
                error: Uncaught (in promise) NotCapable: Requires read access to "/etc/passwd", run again with the --allow-read flag
                TypeError: npm specifiers were requested; but --no-npm is specified
                NotCapable: Requires env access, run again with the --allow-env flag
                """);
        assertEquals(List.of("read /etc/passwd", "run /bin/sh", "env (all variables)", "import of an npm package"), audit.denied());
    }

    @Test
    void otherLinesAreNotAuditLines() {
        assertFalse(audit.accept("error: Uncaught Error: boom"));
        assertFalse(audit.accept(PermissionAudit.LINE_PREFIX + "broken"));
        assertEquals(List.of(), audit.denied());
    }

    @Test
    void aFloodIsCappedAtTheReportLimit() {
        for (int i = 0; i < 500; i++) {
            line("env", "X" + i);
        }
        assertEquals(Run.MAX_DENIALS, audit.denied().size());
        assertEquals("env X0", audit.denied().get(0));
    }
}
