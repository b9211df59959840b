package it.io.tidepool.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.io.tidepool.support.TidepoolServer;

/**
 * What a script must not be able to do, tried for real: each attempt is caught by the script and
 * printed, so the test sees how each one failed, and the run's record lists what the sandbox denied.
 */
class SandboxIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path ESCAPE_FILE = Path.of(System.getProperty("java.io.tmpdir"), "tidepool-sandbox-escape.txt");

    private final ScriptsApi api = ScriptsApi.shared();

    @BeforeEach
    @AfterEach
    void cleanUp() {
        api.deleteQuietly("sandbox-escapes");
    }

    @Test
    void everyEscapeIsDeniedAndReported() throws Exception {
        String pom = Path.of("pom.xml").toAbsolutePath().toString();
        String source = """
                const sdk = new URL(Deno.env.get("TIDEPOOL_SDK_URL")!);
                const results: Record<string, string> = {};
                async function attempt(name: string, f: () => unknown) {
                  try { await f(); results[name] = "ALLOWED"; }
                  catch (e) { results[name] = `${(e as Error).name}: ${(e as Error).message.split("\\n")[0]}`; }
                }
                await attempt("readPasswd", () => Deno.readTextFileSync("/etc/passwd"));
                await attempt("writeFile", () => Deno.writeTextFileSync("%s", "escaped"));
                await attempt("otherPort", () => fetch("http://127.0.0.1:%d/health/ready"));
                await attempt("adminPort", () => fetch("http://127.0.0.1:%d/scripts"));
                await attempt("localhostSpelling", () => fetch(`http://localhost:${sdk.port}/health`));
                await attempt("ipv6Loopback", () => fetch(`http://[::1]:${sdk.port}/health`));
                await attempt("numericIp", () => fetch("http://2130706433:%d/scripts"));
                await attempt("shortIp", () => fetch("http://127.1:%d/scripts"));
                await attempt("otherHost", () => fetch("https://example.com/"));
                await attempt("rawSocket", () => Deno.connect({ hostname: "127.0.0.1", port: %d }));
                await attempt("envHome", () => Deno.env.get("HOME"));
                await attempt("envAll", () => Deno.env.toObject());
                await attempt("spawn", () => new Deno.Command("/bin/sh", { args: ["-c", "id"] }).outputSync());
                await attempt("importNpm", () => import("npm:left-pad@1.3.0"));
                await attempt("importHttps", () => import("https://deno.land/std@0.224.0/fmt/colors.ts"));
                await attempt("importJsr", () => import("jsr:@std/fmt@1/colors"));
                await attempt("importLocalFile", () => import("/etc/passwd"));
                await attempt("importLocalJson", () => import("%s", { with: { type: "json" } }));
                await attempt("dlopen", () => Deno.dlopen("libc.so.6", { getpid: { parameters: [], result: "i32" } }));
                await attempt("sdkItself", async () => {
                  const r = await fetch(new URL("/health", sdk));
                  await r.body?.cancel();
                  if (!r.ok) throw new Error(`status ${r.status}`);
                });
                console.log(JSON.stringify(results));
                """.formatted(ESCAPE_FILE, TidepoolServer.MANAGEMENT_PORT, TidepoolServer.ADMIN_PORT, TidepoolServer.ADMIN_PORT,
                TidepoolServer.ADMIN_PORT, TidepoolServer.MANAGEMENT_PORT, pom);
        JsonObject run = api.runToEnd("sandbox-escapes", source, null, WAIT);
        assertEquals("succeeded", run.getString("outcome"), () -> run + " " + api.output(run.getString("id")));
        JsonObject results = Json.createReader(new StringReader(api.output(run.getString("id")).getString("stdout"))).readObject();

        assertEquals("ALLOWED", results.getString("sdkItself"), "the one thing allowed: " + results);
        assertDenied(results, "readPasswd", "NotCapable: Requires read access to \"/etc/passwd\"");
        assertDenied(results, "writeFile", "NotCapable: Requires write access to \"" + ESCAPE_FILE + "\"");
        assertFalse(Files.exists(ESCAPE_FILE));
        assertDenied(results, "otherPort", "NotCapable: Requires net access to \"127.0.0.1:" + TidepoolServer.MANAGEMENT_PORT + "\"");
        assertDenied(results, "adminPort", "NotCapable: Requires net access to \"127.0.0.1:" + TidepoolServer.ADMIN_PORT + "\"");
        assertDenied(results, "localhostSpelling", "NotCapable: Requires net access to \"localhost:" + TidepoolServer.SDK_PORT + "\"");
        assertDenied(results, "ipv6Loopback", "NotCapable: Requires net access to \"[::1]:" + TidepoolServer.SDK_PORT + "\"");
        assertDenied(results, "numericIp", "NotCapable: Requires net access to \"127.0.0.1:" + TidepoolServer.ADMIN_PORT + "\"");
        assertDenied(results, "shortIp", "NotCapable: Requires net access to \"127.0.0.1:" + TidepoolServer.ADMIN_PORT + "\"");
        assertDenied(results, "otherHost", "NotCapable: Requires net access to \"example.com:443\"");
        assertDenied(results, "rawSocket", "NotCapable: Requires net access to \"127.0.0.1:" + TidepoolServer.MANAGEMENT_PORT + "\"");
        assertDenied(results, "envHome", "NotCapable: Requires env access to \"HOME\"");
        assertDenied(results, "envAll", "NotCapable: Requires env access");
        assertDenied(results, "spawn", "NotCapable: Requires run access to \"/bin/sh\"");
        assertDenied(results, "importNpm", "TypeError: npm specifiers were requested; but --no-npm is specified");
        assertDenied(results, "importHttps", "TypeError: Requires import access to \"deno.land:443\"");
        assertDenied(results, "importJsr", "TypeError: JSR package manifest for '@std/fmt' failed to load");
        assertDenied(results, "importLocalFile", "TypeError: Requires import access to \"local-file-imports-are-denied.invalid:443\"");
        assertDenied(results, "importLocalJson", "TypeError: Requires import access to \"local-file-imports-are-denied.invalid:443\"");
        assertDenied(results, "dlopen", "NotCapable: Requires ffi access to \"libc.so.6\"");

        List<String> denied = run.getJsonArray("denied").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList();
        for (String access : List.of("read /etc/passwd", "write " + ESCAPE_FILE, "net 127.0.0.1:" + TidepoolServer.MANAGEMENT_PORT,
                "net localhost:" + TidepoolServer.SDK_PORT, "net [::1]:" + TidepoolServer.SDK_PORT, "net example.com:443",
                "env HOME", "env (all variables)", "run /bin/sh", "import of an npm package", "import deno.land:443",
                "import of a local file outside the sandbox", "ffi libc.so.6")) {
            assertTrue(denied.contains(access), "the run reports '" + access + "': " + denied);
        }
        assertFalse(denied.stream().anyMatch(access -> access.contains(":" + TidepoolServer.SDK_PORT) && access.startsWith("net 127.0.0.1")),
                "the SDK endpoint itself is not a denial: " + denied);
    }

    private static void assertDenied(JsonObject results, String attempt, String expectedStart) {
        String result = results.getString(attempt);
        assertTrue(result.startsWith(expectedStart), attempt + ": expected '" + expectedStart + "...', got '" + result + "'");
    }
}
