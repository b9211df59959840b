package io.tidepool.scripts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import io.tidepool.scripts.control.DenoSandbox.RunDirectory;

class DenoSandboxTest {

    private static final Path RUN = Path.of("/srv/tidepool/scripts/runs/r1");

    private static RunDirectory directory() {
        return new RunDirectory(RUN, RUN.resolve("alert.ts"), RUN.resolve("import_map.json"), RUN.resolve("deno"));
    }

    @Test
    void theImportMapMapsTheSdkNamesAndDeniesEveryOtherLocalFile() {
        String map = DenoSandbox.importMap(RUN.resolve("alert.ts"), Path.of("/srv/tidepool/scripts/sdk"));
        JsonObject imports = Json.createReader(new StringReader(map)).readObject().getJsonObject("imports");
        assertEquals("file:///srv/tidepool/scripts/sdk/mod.ts", imports.getString("@tidepool/sdk"));
        assertEquals("file:///srv/tidepool/scripts/sdk/mod.ts", imports.getString("jsr:@coral/sdk"));
        assertEquals("file:///srv/tidepool/scripts/sdk/", imports.getString("file:///srv/tidepool/scripts/sdk/"));
        assertEquals("file:///srv/tidepool/scripts/runs/r1/alert.ts", imports.getString("file:///srv/tidepool/scripts/runs/r1/alert.ts"));
        assertEquals("https://local-file-imports-are-denied.invalid/", imports.getString("file:///"));
    }

    @Test
    void theCommandGrantsOnlyTheSdkEndpointAndTheRunsVariables() {
        DenoSandbox sandbox = new DenoSandbox();
        sandbox.limits = ScriptLimitsTest.limits("127.0.0.1", Optional.empty(), 1024);
        List<String> command = sandbox.command(directory());
        assertEquals(List.of("deno", "run", "--no-prompt", "--no-config", "--no-lock", "--no-remote", "--no-npm", "--cached-only",
                "--import-map=/srv/tidepool/scripts/runs/r1/import_map.json", "--allow-net=127.0.0.1:9003",
                "--allow-env=TIDEPOOL_RUN,TIDEPOOL_SCRIPT,TIDEPOOL_SDK_URL,TIDEPOOL_TOKEN", "--deny-read", "--deny-write",
                "--deny-run", "--deny-ffi", "--deny-sys", "--deny-import", "--v8-flags=--max-old-space-size=512",
                "/srv/tidepool/scripts/runs/r1/alert.ts"), command);
        assertTrue(command.stream().noneMatch(arg -> arg.startsWith("--allow-read") || arg.startsWith("--allow-run")
                || arg.startsWith("--allow-ffi") || arg.startsWith("--allow-write") || arg.equals("-A")));
    }

    @Test
    void theEnvironmentIsOnlyWhatTidepoolPasses() {
        DenoSandbox sandbox = new DenoSandbox();
        sandbox.limits = ScriptLimitsTest.limits("127.0.0.1", Optional.empty(), 1024);
        assertEquals(List.of("TIDEPOOL_SDK_URL", "TIDEPOOL_TOKEN", "TIDEPOOL_SCRIPT", "TIDEPOOL_RUN", "DENO_DIR",
                "DENO_NO_UPDATE_CHECK", "DENO_NO_PACKAGE_JSON", "NO_COLOR", "DENO_AUDIT_PERMISSIONS"),
                List.copyOf(sandbox.environment(directory(), "tok", "alert", "r1").keySet()));
        assertEquals("http://127.0.0.1:9003", sandbox.environment(directory(), "tok", "alert", "r1").get("TIDEPOOL_SDK_URL"));
    }
}
