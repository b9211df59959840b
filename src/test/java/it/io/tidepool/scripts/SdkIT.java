package it.io.tidepool.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import it.io.tidepool.support.TidepoolServer;

/**
 * The Deno SDK's own checks, with the Deno the build installed: {@code deno lint},
 * {@code deno fmt --check}, and {@code deno test --doc} (its *_test.ts files and every JSDoc example)
 * against this running server, allowed to reach its SDK port and nothing else.
 */
class SdkIT {

    private static final Path SDK = Path.of(System.getProperty("it.sdk.source.dir", "src/main/deno"));
    private static final String DENO = System.getProperty("it.deno.path", "target/deno/node_modules/deno/deno");

    @Test
    void theSdkPassesLint() throws Exception {
        assertSucceeds(List.of("lint"));
    }

    @Test
    void theSdkIsFormatted() throws Exception {
        assertSucceeds(List.of("fmt", "--check"));
    }

    @Test
    void theSdksTestsAndDocumentationExamplesPassAgainstTheServer() throws Exception {
        String output = assertSucceeds(List.of("test", "--doc", "--no-prompt", "--no-lock",
                "--allow-net=127.0.0.1:" + TidepoolServer.SDK_PORT + ",127.0.0.1:1",
                "--allow-env=TIDEPOOL_SDK_URL,TIDEPOOL_TOKEN"));
        assertTrue(output.contains(" passed | 0 failed"), output);
    }

    private static String assertSucceeds(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(DENO);
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(SDK.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("TIDEPOOL_SDK_URL", "http://127.0.0.1:" + TidepoolServer.SDK_PORT);
        env.remove("TIDEPOOL_TOKEN");
        env.put("DENO_DIR", Path.of("target", "deno-cache").toAbsolutePath().toString());
        env.put("DENO_NO_UPDATE_CHECK", "1");
        env.put("NO_COLOR", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "deno " + arguments.get(0) + " did not finish");
        System.out.println("deno " + String.join(" ", arguments) + "\n" + output);
        assertEquals(0, process.exitValue(), () -> "deno " + String.join(" ", arguments) + " failed:\n" + output);
        return output;
    }
}
