package io.tidepool.platform;

import static io.tidepool.platform.Setting.any;
import static io.tidepool.platform.Setting.duration;
import static io.tidepool.platform.Setting.flag;
import static io.tidepool.platform.Setting.httpUrl;
import static io.tidepool.platform.Setting.memory;
import static io.tidepool.platform.Setting.oneOf;
import static io.tidepool.platform.Setting.port;
import static io.tidepool.platform.Setting.text;
import static io.tidepool.platform.Setting.whole;
import static io.tidepool.platform.Setting.wholeLong;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Every Tidepool setting and what it accepts, in the order of docs/configuration.md. The
 * components read their values as before (MicroProfile Config, server.xml); {@link SettingsCheck}
 * checks all of them here before any component starts, so an invalid value stops the deployment
 * with a message naming the setting and the value, instead of failing the first request that
 * needs it. {@code SettingsTest} fails the build if a {@code @ConfigProperty} is missing here or
 * its default differs.
 */
public final class Settings {

    /** Deno 2.9.6 reserves about 600 MB of data address space before running any code (measured). */
    private static final int MIN_SCRIPT_MEMORY_LIMIT_MB = 768;

    public static final List<Setting> ALL = List.of(
            // Endpoints and logs (server.xml)
            text("tidepool.sdk.host", "127.0.0.1"),
            port("tidepool.sdk.port", "9003"),
            text("tidepool.otlp.host", "127.0.0.1"),
            port("tidepool.otlp.port", "4318"),
            text("tidepool.admin.host", "127.0.0.1"),
            port("tidepool.admin.port", "9081"),
            text("tidepool.management.host", "*"),
            port("tidepool.management.port", "9080"),
            port("tidepool.management.https-port", "9443"),
            whole("tidepool.executor.core-threads", "64", 1),
            oneOf("tidepool.log.format", "SIMPLE", "SIMPLE", "JSON", "DEV", "TBASIC"),
            // Users and TLS (server.xml)
            text("tidepool.security.admin-user", "admin"),
            any("tidepool.security.admin-password"),
            text("tidepool.security.monitor-user", "monitor"),
            any("tidepool.security.monitor-password"),
            text("tidepool.security.keystore-path", null),
            any("tidepool.security.keystore-password"),
            // Database (server.xml)
            text("tidepool.db.path", null),
            memory("tidepool.db.memory-limit", "2GB"),
            whole("tidepool.db.threads", "1", 1),
            whole("tidepool.db.statement-cache-size", "50", 0),
            whole("tidepool.db.reader-pool-size", "20", 1),
            whole("tidepool.db.writer-pool-size", "4", 1),
            // SDK API
            whole("tidepool.query.max-rows", "10000", 1),
            wholeLong("tidepool.query.max-response-bytes", "33554432", 1024),
            wholeLong("tidepool.query.max-request-bytes", "1048576", 1024),
            duration("tidepool.query.timeout.sql", "30s"),
            duration("tidepool.query.timeout.metrics", "10s"),
            duration("tidepool.query.timeout.system", "5s"),
            duration("tidepool.query.timeout.health", "2s"),
            duration("tidepool.query.queue-timeout", "30s"),
            duration("tidepool.query.slow-threshold", "1s"),
            whole("tidepool.query.cache.entries", "1000", 0),
            whole("tidepool.query.slots-per-script", "4", 1),
            flag("tidepool.query.require-token", "false"),
            duration("tidepool.query.shutdown-grace", "5s"),
            whole("tidepool.query.execution-slots", "0", 0),
            whole("tidepool.query.light-slots", "1", 0),
            duration("tidepool.query.light-threshold", "10ms"),
            // Scripts (server.xml)
            whole("tidepool.scripts.max-concurrent", "5", 1),
            whole("tidepool.scripts.queue-size", "20", 1),
            text("tidepool.scripts.store-path", null),
            text("tidepool.scripts.work-dir", null),
            // Scripts
            text("tidepool.scripts.deno-path", "deno"),
            duration("tidepool.scripts.timeout", "5m"),
            whole("tidepool.scripts.heap-mb", "512", 16),
            whole("tidepool.scripts.memory-limit-mb", "1024", MIN_SCRIPT_MEMORY_LIMIT_MB).orZero("no operating-system limit")
                    .because("Deno reserves about 600 MB of address space at start"),
            text("tidepool.scripts.prlimit-path", "prlimit"),
            whole("tidepool.scripts.output-limit-bytes", "1048576", 1024),
            whole("tidepool.scripts.max-source-bytes", "262144", 1024),
            whole("tidepool.scripts.runs-kept", "100", 1),
            httpUrl("tidepool.scripts.sdk-url", null),
            // Write side
            wholeLong("tidepool.ingest.queue-capacity", "200000", 1),
            wholeLong("tidepool.ingest.max-commit-rows", "50000", 1),
            duration("tidepool.ingest.ack-timeout", "10s"),
            duration("tidepool.ingest.stuck-after", "30s"),
            wholeLong("tidepool.ingest.max-body-bytes", "16777216", 1024),
            whole("tidepool.ingest.max-attribute-length", "4096", 1),
            duration("tidepool.ingest.host-interval", "10s"),
            duration("tidepool.ingest.retention", "1h"),
            duration("tidepool.ingest.retention.otel_spans_local", null),
            duration("tidepool.ingest.retention.beyla_http_metrics", null),
            duration("tidepool.ingest.retention.system_metrics_local", null),
            duration("tidepool.ingest.retention.script_events", null),
            duration("tidepool.ingest.retention-interval", "1m"),
            duration("tidepool.ingest.checkpoint-wait", "2s"),
            // Export (issue 14)
            new Setting("tidepool.export.target", null, value -> value.isBlank() || value.strip().matches("(?i)(file:///|s3://[^/]+).*")
                    ? null : "must be empty (export off), file:///<directory> or s3://<bucket>/<prefix>"),
            duration("tidepool.export.window", "5m"),
            duration("tidepool.export.grace", "1m"),
            text("tidepool.export.node", null),
            text("tidepool.export.staging-dir", null),
            wholeLong("tidepool.export.backlog-limit-bytes", "1073741824", 1),
            text("tidepool.export.s3.endpoint", null),
            text("tidepool.export.s3.region", "us-east-1"),
            flag("tidepool.export.s3.path-style", "false"),
            any("tidepool.export.s3.access-key-id"),
            any("tidepool.export.s3.secret-access-key"),
            // Demo traffic
            flag("tidepool.demo.enabled", "false"),
            whole("tidepool.demo.requests-per-second", "100", 1),
            duration("tidepool.demo.backfill", "10m"));

    /** server.xml variables that are built from settings rather than set: never reported as unknown. */
    private static final Set<String> DERIVED = Set.of("tidepool.db.url");
    private static final String KEY_PREFIX = "tidepool.";
    private static final String ENVIRONMENT_PREFIX = "TIDEPOOL_";

    private Settings() {
    }

    /** Whether {@code key} is built by server.xml from other settings (the data sources' URL) rather than set itself. */
    public static boolean isDerived(String key) {
        return DERIVED.contains(key);
    }

    /**
     * One sentence for each configured name that looks like a Tidepool setting (a {@code tidepool.} key or a
     * {@code TIDEPOOL_} environment variable) but names none, with the closest setting when there is a near one:
     * a misspelt key is otherwise silently ignored and its default applies. Sorted, each name once.
     */
    public static List<String> unknown(Iterable<String> configuredNames) {
        Set<String> keys = new TreeSet<>(DERIVED);
        ALL.forEach(setting -> keys.add(setting.key()));
        Set<String> environmentNames = new TreeSet<>();
        keys.forEach(key -> environmentNames.add(environmentName(key)));
        Set<String> unknown = new TreeSet<>();
        for (String name : configuredNames) {
            if (name.startsWith(KEY_PREFIX) && !keys.contains(name)
                    || name.startsWith(ENVIRONMENT_PREFIX) && !environmentNames.contains(name)) {
                unknown.add(name);
            }
        }
        List<String> sentences = new ArrayList<>();
        for (String name : unknown) {
            Set<String> candidates = name.startsWith(KEY_PREFIX) ? keys : environmentNames;
            String closest = candidates.stream().min(Comparator.comparingInt(c -> editDistance(name, c))).orElseThrow();
            boolean near = editDistance(name, closest) <= Math.max(2, name.length() / 8);
            sentences.add(name + " is not a Tidepool setting and is ignored" + (near ? "; did you mean " + closest + "?"
                    : " (docs/configuration.md lists every setting)"));
        }
        return sentences;
    }

    /** Liberty's and MP Config's environment variable for a key: upper case, anything but letters and digits an underscore. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /**
     * Every problem of the configured values, one sentence each; empty when all are valid.
     *
     * @param configured a setting's value as configured, empty where it is not set (the default applies)
     */
    public static List<String> problems(Function<String, Optional<String>> configured) {
        List<String> problems = new ArrayList<>();
        for (Setting setting : ALL) {
            configured.apply(setting.key()).map(setting::check).ifPresent(problems::add);
        }
        // One setting bounded by another, checked once both are valid on their own.
        Optional<Long> slots = number(effective(configured, "tidepool.db.reader-pool-size"));
        String perScript = effective(configured, "tidepool.query.slots-per-script");
        if (slots.isPresent() && number(perScript).filter(n -> n >= 1 && n > slots.get()).isPresent()) {
            problems.add("tidepool.query.slots-per-script is \"" + perScript + "\"; it must be at most tidepool.db.reader-pool-size ("
                    + slots.get() + "): one script's share of the query slots cannot be more than all of them");
        }
        exportOutrunsRetention(configured).ifPresent(problems::add);
        return problems;
    }

    /** An export whose windows close only after retention has deleted their rows would export nothing. */
    private static Optional<String> exportOutrunsRetention(Function<String, Optional<String>> configured) {
        if (configured.apply("tidepool.export.target").filter(target -> !target.isBlank()).isEmpty()) {
            return Optional.empty();
        }
        try {
            java.time.Duration window = HumanDuration.parse(effective(configured, "tidepool.export.window"));
            java.time.Duration grace = HumanDuration.parse(effective(configured, "tidepool.export.grace"));
            java.time.Duration retention = HumanDuration.parse(effective(configured, "tidepool.ingest.retention"));
            if (window.plus(grace).compareTo(retention) < 0) {
                return Optional.empty();
            }
            return Optional.of("tidepool.export.window (" + effective(configured, "tidepool.export.window") + ") plus tidepool.export.grace ("
                    + effective(configured, "tidepool.export.grace") + ") must be shorter than tidepool.ingest.retention ("
                    + effective(configured, "tidepool.ingest.retention") + "): a window is exported only after it closes, and "
                    + "retention would delete its rows first");
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // reported on its own
        }
    }

    private static Optional<Long> number(String value) {
        try {
            return Optional.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String effective(Function<String, Optional<String>> configured, String key) {
        return configured.apply(key).orElseGet(() -> ALL.stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow().defaultValue());
    }
}
