package io.tidepool.scripts.control;

import static io.tidepool.platform.Jsonp.JSON;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * How a script runs: {@code deno run} with nothing granted but network to the SDK endpoint's exact
 * host:port and the environment variables Tidepool passes, inside an operating-system memory limit.
 *
 * <ul>
 * <li>No file read, write, subprocess, FFI or system information: none is granted, and each is also
 * denied explicitly so the command line shows it.
 * <li>No module loading from the network or npm ({@code --no-remote}, {@code --no-npm},
 * {@code --cached-only} on an empty per-run cache): imports would otherwise bypass
 * {@code --allow-net}.
 * <li>No module loading from local files either. Deno 2.9 loads a dynamically imported local file
 * without read permission (measured: {@code import("/some/file.json", {with: {type: "json"}})}
 * returned its content with no {@code --allow-read}), so the import map sends every
 * {@code file:} URL except the script itself and the SDK to a host that is never allowed.
 * <li>Memory: V8's heap flag does not cover ArrayBuffers, so {@code prlimit --data} caps the
 * process's writable memory too (RLIMIT_DATA; RLIMIT_AS cannot be used: V8 reserves tens of GB of
 * address space up front and would not start).
 * <li>The environment is replaced, not inherited: the script sees only what is listed here.
 * </ul>
 */
@ApplicationScoped
public class DenoSandbox {

    private static final Logger LOG = Logger.getLogger(DenoSandbox.class.getName());

    /** Where the import map sends local-file imports; "invalid" is reserved and never resolves. */
    static final String DENIED_IMPORT_HOST = "local-file-imports-are-denied.invalid:443";
    static final String DENIED_IMPORT_URL = "https://local-file-imports-are-denied.invalid/";

    /** The SDK names a script may import: Tidepool's, and the seed's so that its scripts run unchanged. */
    static final List<String> SDK_SPECIFIERS = List.of("@tidepool/sdk", "jsr:@coral/sdk", "@coral/sdk");

    static final String ENV_SDK_URL = "TIDEPOOL_SDK_URL";
    static final String ENV_TOKEN = "TIDEPOOL_TOKEN";
    static final String ENV_SCRIPT = "TIDEPOOL_SCRIPT";
    static final String ENV_RUN = "TIDEPOOL_RUN";
    static final Set<String> SCRIPT_ENV = Set.of(ENV_SDK_URL, ENV_TOKEN, ENV_SCRIPT, ENV_RUN);

    @Inject
    ScriptLimits limits;

    private String deno;
    private String prlimit;

    /** The SDK copy and the runs' directories, created (and cleaned of a previous life's leftovers) at start-up. */
    void install() {
        SdkFiles.install(sdkDirectory());
        deleteTree(runsDirectory());
        deno = resolveExecutable(limits.denoPath());
        prlimit = limits.memoryLimitMb() > 0 ? resolveExecutable(limits.prlimitPath()) : null;
        String version = denoVersion();
        LOG.info(() -> "Scripts run with " + version + " at " + deno + " (SDK at " + sdkDirectory() + ", network only to "
                + limits.sdkHostPort() + ", V8 heap " + limits.heapMb() + " MB, "
                + (prlimit == null ? "no operating-system memory limit" : "data limit " + limits.memoryLimitMb() + " MB by " + prlimit)
                + ", wall clock " + limits.timeout().toSeconds() + " s).");
    }

    /** The resolved Deno executable; null when it was not found at start-up. */
    String denoExecutable() {
        return deno;
    }

    Path sdkDirectory() {
        return limits.workDir().resolve("sdk");
    }

    Path runsDirectory() {
        return limits.workDir().resolve("runs");
    }

    /** A run's directory with its script file, its import map and an empty module cache. */
    RunDirectory prepare(String runId, String scriptName, String source) {
        Path directory = runsDirectory().resolve(runId);
        try {
            Files.createDirectories(directory.resolve("deno"));
            Path script = directory.resolve(scriptName + ".ts");
            Files.writeString(script, source, StandardCharsets.UTF_8);
            Path importMap = directory.resolve("import_map.json");
            Files.writeString(importMap, importMap(script, sdkDirectory()), StandardCharsets.UTF_8);
            return new RunDirectory(directory, script, importMap, directory.resolve("deno"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the run directory " + directory, e);
        }
    }

    Process start(RunDirectory directory, String token, String scriptName, String runId) throws IOException {
        if (deno == null) {
            throw new IOException("the Deno binary is not available (" + limits.denoPath() + "; tidepool.scripts.deno-path)");
        }
        ProcessBuilder builder = new ProcessBuilder(command(directory)).directory(directory.path().toFile());
        builder.environment().clear();
        builder.environment().putAll(environment(directory, token, scriptName, runId));
        return builder.start();
    }

    List<String> command(RunDirectory directory) {
        List<String> command = new ArrayList<>();
        if (prlimit != null) {
            command.addAll(List.of(prlimit, "--data=" + limits.memoryLimitMb() * 1024L * 1024L, "--"));
        }
        command.addAll(List.of(deno == null ? limits.denoPath() : deno, "run",
                "--no-prompt", "--no-config", "--no-lock", "--no-remote", "--no-npm", "--cached-only",
                "--import-map=" + directory.importMap(),
                "--allow-net=" + limits.sdkHostPort(),
                "--allow-env=" + String.join(",", SCRIPT_ENV.stream().sorted().toList()),
                "--deny-read", "--deny-write", "--deny-run", "--deny-ffi", "--deny-sys", "--deny-import",
                "--v8-flags=--max-old-space-size=" + limits.heapMb(),
                directory.script().toString()));
        return command;
    }

    Map<String, String> environment(RunDirectory directory, String token, String scriptName, String runId) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(ENV_SDK_URL, limits.sdkUrl().toString());
        env.put(ENV_TOKEN, token);
        env.put(ENV_SCRIPT, scriptName);
        env.put(ENV_RUN, runId);
        env.put("DENO_DIR", directory.cache().toString());
        env.put("DENO_NO_UPDATE_CHECK", "1");
        env.put("DENO_NO_PACKAGE_JSON", "1");
        env.put("NO_COLOR", "1");
        // Deno writes one JSON line per permission access here; RunSupervisor takes them out of the output.
        env.put("DENO_AUDIT_PERMISSIONS", "/dev/stderr");
        return env;
    }

    PermissionAudit audit() {
        return new PermissionAudit(limits.sdkHostPort(), SCRIPT_ENV);
    }

    /** The import map: the SDK under its names, the script and the SDK themselves, and every other local file denied. */
    static String importMap(Path script, Path sdkDirectory) {
        String sdkDir = sdkDirectory.toUri().toString();
        String sdkDirUrl = sdkDir.endsWith("/") ? sdkDir : sdkDir + "/";
        String scriptUrl = script.toUri().toString();
        var imports = JSON.createObjectBuilder();
        for (String specifier : SDK_SPECIFIERS) {
            imports.add(specifier, sdkDirUrl + SdkFiles.ENTRY);
        }
        imports.add(sdkDirUrl, sdkDirUrl)
                .add(scriptUrl, scriptUrl)
                .add("file:///", DENIED_IMPORT_URL);
        return JSON.createObjectBuilder().add("imports", imports).build().toString();
    }

    private static String resolveExecutable(String configured) {
        if (configured.contains(File.separator)) {
            return Files.isExecutable(Path.of(configured)) ? Path.of(configured).toAbsolutePath().toString() : missing(configured);
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, configured);
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return missing(configured);
    }

    private static String missing(String configured) {
        LOG.severe(() -> "Scripts cannot run: '" + configured + "' is not an executable file (nor on the PATH). Set "
                + "tidepool.scripts.deno-path to the Deno binary (the build installs one under target/deno), and make sure "
                + "prlimit (util-linux) is installed or tidepool.scripts.prlimit-path points to it.");
        return null;
    }

    private String denoVersion() {
        if (deno == null) {
            return "no Deno";
        }
        try {
            Process version = new ProcessBuilder(deno, "--version").redirectErrorStream(true).start();
            String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!version.waitFor(10, TimeUnit.SECONDS)) {
                version.destroyForcibly();
            }
            return text.lines().findFirst().orElse("deno (unknown version)");
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "Scripts cannot run: {0} --version failed: {1}", new Object[] {deno, e.getMessage()});
            deno = null;
            return "no Deno";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "deno (unknown version)";
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "Could not delete {0}: {1}", new Object[] {path, e.getMessage()});
                }
            });
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not clean up {0}: {1}", new Object[] {root, e.getMessage()});
        }
    }

    /** A run's files: the directory, the script, the import map and Deno's module cache (DENO_DIR). */
    record RunDirectory(Path path, Path script, Path importMap, Path cache) {
    }
}
