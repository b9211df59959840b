package io.tidepool.scripts.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.tidepool.platform.ApiException;

/**
 * Type-checks a script's source against the bundled SDK before it is stored ({@code deno check}),
 * with the same import map and the same refusal of remote, npm and other local modules as a run, so
 * that what passes here fails at run time only for what it does, not for how it is written. Used by
 * the MCP server's {@code deploy_script} always and by the script API on {@code ?check=true}.
 */
@ApplicationScoped
public class ScriptTypeCheck {

    private static final Logger LOG = Logger.getLogger(ScriptTypeCheck.class.getName());

    /** Type checks cost seconds of CPU each; two at once keep them from crowding out runs and queries. */
    static final int CONCURRENT_CHECKS = 2;
    static final long CHECK_TIMEOUT_SECONDS = 60;
    static final int MAX_REPORTED_ERRORS = 10;

    private static final Pattern DIAGNOSTIC = Pattern.compile("^(TS\\d+) \\[ERROR\\]: (.*)$");
    private static final Pattern LOCATION = Pattern.compile("^\\s+at (\\S+):(\\d+):(\\d+)$");
    private static final Pattern FILE_URL = Pattern.compile("file:///\\S*/");

    private final Semaphore slots = new Semaphore(CONCURRENT_CHECKS);

    @Inject
    DenoSandbox sandbox;

    @Inject
    ScriptLimits limits;

    /** Returns normally when the source type-checks; otherwise a 400 {@code type_error} naming each error's line. */
    public void check(String scriptName, String source) {
        String deno = sandbox.denoExecutable();
        if (deno == null) {
            throw new ApiException(503, "checker_unavailable", "the Deno binary is not available ("
                    + limits.denoPath() + "; tidepool.scripts.deno-path), so the script cannot be type-checked");
        }
        try {
            if (!slots.tryAcquire(CHECK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw ApiException.overloaded("other type checks are still running; try again shortly", 5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.overloaded("interrupted while waiting to type-check", 5);
        }
        Path directory = limits.workDir().resolve("checks").resolve(UUID.randomUUID().toString());
        try {
            List<String> errors = run(deno, directory, scriptName, source);
            if (!errors.isEmpty()) {
                throw ApiException.badRequest("type_error", "the script does not type-check against the SDK, nothing was "
                        + "saved: " + String.join("; ", errors));
            }
        } finally {
            slots.release();
            DenoSandbox.deleteTree(directory);
        }
    }

    private List<String> run(String deno, Path directory, String scriptName, String source) {
        long started = System.nanoTime();
        try {
            Files.createDirectories(directory);
            Path script = directory.resolve(scriptName + ".ts");
            Files.writeString(script, source, StandardCharsets.UTF_8);
            Path importMap = directory.resolve("import_map.json");
            Files.writeString(importMap, DenoSandbox.importMap(script, sandbox.sdkDirectory()), StandardCharsets.UTF_8);
            ProcessBuilder builder = new ProcessBuilder(deno, "check", "--no-config", "--no-lock", "--no-remote", "--no-npm",
                    "--cached-only", "--import-map=" + importMap, script.toString())
                    .directory(directory.toFile()).redirectErrorStream(true);
            builder.environment().clear();
            // Its own cache: what Deno keeps of checked modules never mixes with a run's (empty) cache.
            builder.environment().put("DENO_DIR", limits.workDir().resolve("checks-cache").toString());
            builder.environment().put("DENO_NO_UPDATE_CHECK", "1");
            builder.environment().put("DENO_NO_PACKAGE_JSON", "1");
            builder.environment().put("NO_COLOR", "1");
            // To a file, so that a check that hangs is ended by the timeout rather than blocking a reader.
            Path outputFile = directory.resolve("check.out");
            builder.redirectOutput(outputFile.toFile());
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(CHECK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw ApiException.timeout("type-checking took longer than " + CHECK_TIMEOUT_SECONDS + " s");
            }
            String text = new String(Files.readAllBytes(outputFile), StandardCharsets.UTF_8);
            List<String> errors = process.exitValue() == 0 ? List.of() : errors(text);
            LOG.fine(() -> "Type check of " + scriptName + " took " + (System.nanoTime() - started) / 1_000_000 + " ms: "
                    + errors.size() + " errors.");
            return errors;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot type-check in " + directory, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.timeout("interrupted while type-checking");
        }
    }

    /**
     * Deno's diagnostics as {@code line L, column C: TSnnnn message}: each starts with
     * {@code TSnnnn [ERROR]: message} and ends with {@code at file:///...:L:C}. Output without
     * diagnostics (a parse error, a module that cannot be resolved) is reported by its
     * {@code error:} lines, with the server's paths taken out.
     */
    static List<String> errors(String output) {
        List<String> errors = new ArrayList<>();
        String code = null;
        String message = null;
        for (String line : output.split("\n")) {
            Matcher diagnostic = DIAGNOSTIC.matcher(line);
            Matcher location = LOCATION.matcher(line);
            if (diagnostic.matches()) {
                code = diagnostic.group(1);
                message = diagnostic.group(2).strip();
            } else if (code != null && location.matches()) {
                errors.add("line " + location.group(2) + ", column " + location.group(3) + ": " + code + " " + message);
                code = null;
            }
        }
        if (errors.isEmpty()) {
            for (String line : output.split("\n")) {
                if (line.startsWith("error:") && !line.strip().equals("error: Type checking failed.")) {
                    errors.add(FILE_URL.matcher(line.substring("error:".length()).strip()).replaceAll(""));
                }
            }
        }
        if (errors.isEmpty()) {
            errors.add("deno check failed: " + FILE_URL.matcher(output.strip()).replaceAll(""));
        }
        if (errors.size() > MAX_REPORTED_ERRORS) {
            int more = errors.size() - MAX_REPORTED_ERRORS;
            errors = new ArrayList<>(errors.subList(0, MAX_REPORTED_ERRORS));
            errors.add("and " + more + " more");
        }
        return errors;
    }
}
