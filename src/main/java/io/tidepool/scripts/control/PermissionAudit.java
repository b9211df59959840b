package io.tidepool.scripts.control;

import static io.tidepool.platform.Jsonp.JSON;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;

import io.tidepool.scripts.entity.Run;

/**
 * Reads Deno's permission audit (one JSON line per access, {@code DENO_AUDIT_PERMISSIONS}) and
 * keeps the accesses the sandbox denied, so a run reports what its script tried to reach even when
 * the script caught the error. Deno logs every access, allowed or not; an access is denied unless
 * it is one of the run's grants: network to the SDK endpoint and the environment variables Tidepool
 * passes. Nothing else is granted, so every read, write, ffi, sys and import access was denied.
 *
 * <p>Deno 2.9 does not audit subprocess checks, and refuses npm and remote imports before any
 * permission check, so the run's output is also searched for the errors those raise (measured);
 * they are reported when the script let them surface or printed them.
 */
final class PermissionAudit {

    /** How every audit line starts (format version 1, Deno 2.9). */
    static final String LINE_PREFIX = "{\"v\":1,\"datetime\":";

    private final String allowedNet;
    private final Set<String> allowedEnv;
    private final Set<String> denied = new LinkedHashSet<>();

    PermissionAudit(String allowedNet, Set<String> allowedEnv) {
        this.allowedNet = allowedNet;
        this.allowedEnv = Set.copyOf(allowedEnv);
    }

    /** Takes one audit line; false if it is not one (then it is ordinary output). */
    synchronized boolean accept(String line) {
        if (!line.startsWith(LINE_PREFIX)) {
            return false;
        }
        JsonObject entry;
        try (JsonReader reader = JSON.createReader(new StringReader(line))) {
            entry = reader.readObject();
        } catch (JsonException e) {
            return false;
        }
        if (!(entry.get("permission") instanceof JsonString permission)) {
            return false;
        }
        String value = entry.get("value") instanceof JsonString s ? s.getString() : null;
        String access = deniedAccess(permission.getString(), value);
        record(access);
        return true;
    }

    /** Also matches the message inside JSON the script printed, where its quotes are escaped. */
    private static final Pattern NOT_CAPABLE = Pattern.compile("Requires (\\w+) access(?: to \\\\?\"([^\"\\\\\\n]*)\\\\?\")?");
    private static final Pattern NO_NPM = Pattern.compile("npm specifiers were requested; but --no-npm is specified");
    private static final Pattern NO_REMOTE = Pattern.compile("A remote specifier was requested: \"([^\"\\n]*)\", but --no-remote is specified");

    /** Adds the denials named by the errors in a run's output. */
    synchronized void scanOutput(String output) {
        Matcher notCapable = NOT_CAPABLE.matcher(output);
        while (notCapable.find()) {
            record(deniedAccess(notCapable.group(1), notCapable.group(2)));
        }
        if (NO_NPM.matcher(output).find()) {
            record("import of an npm package");
        }
        Matcher remote = NO_REMOTE.matcher(output);
        while (remote.find()) {
            record("import " + remote.group(1));
        }
    }

    private void record(String access) {
        if (access != null && denied.size() < Run.MAX_DENIALS) {
            denied.add(access);
        }
    }

    /** A description of the access if it was denied, else null. */
    String deniedAccess(String permission, String value) {
        switch (permission) {
            case "net":
                if (value != null && value.contains("://")) {
                    // Deno checks a URL, then its host:port: judging the host:port is enough.
                    return null;
                }
                return allowedNet.equals(value) ? null : "net " + describe(value, "any host");
            case "env":
                return value != null && allowedEnv.contains(value) ? null : "env " + describe(value, "all variables");
            case "import":
                return DenoSandbox.DENIED_IMPORT_HOST.equals(value) ? "import of a local file outside the sandbox"
                        : "import " + describe(value, "any module");
            default:
                return permission + " " + describe(value, "anything");
        }
    }

    private static String describe(String value, String whenNull) {
        return value == null ? "(" + whenNull + ")" : value;
    }

    /** Distinct denied accesses in the order they happened, at most {@link Run#MAX_DENIALS}. */
    synchronized List<String> denied() {
        return new ArrayList<>(denied);
    }
}
