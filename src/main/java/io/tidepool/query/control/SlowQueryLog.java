package io.tidepool.query.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.tidepool.platform.LogEvent;
import io.tidepool.query.entity.Caller;

/**
 * Warns about queries slower than the configured threshold with the facts an operator needs to
 * find the culprit: duration, caller, rows, and a fingerprint that groups repeats of the same SQL.
 */
@ApplicationScoped
public class SlowQueryLog {

    private static final Logger LOG = Logger.getLogger(SlowQueryLog.class.getName());
    private static final int SQL_EXCERPT_CHARS = 200;

    @Inject
    QueryLimits limits;

    public void record(String endpoint, Caller caller, String sql, Duration elapsed, long rows, String outcome) {
        if (elapsed.compareTo(limits.slowThreshold()) < 0) {
            return;
        }
        String fingerprint = fingerprint(sql);
        LogEvent.named("slow_query").field("endpoint", endpoint).field("duration_ms", elapsed.toMillis())
                .field("rows", rows).field("outcome", outcome).field("fingerprint", fingerprint)
                .field("caller", caller.address()).field("script", caller.scriptId()).field("run_id", caller.runId())
                .log(LOG, Level.WARNING, () -> String.format("Slow query on %s from %s took %d ms (%d rows, %s), fingerprint %s: %s",
                        endpoint, caller, elapsed.toMillis(), rows, outcome, fingerprint, excerpt(sql)));
    }

    /** Hash of the SQL with whitespace runs collapsed and case folded: the same query written twice matches. */
    static String fingerprint(String sql) {
        String normalized = sql.strip().replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    private static String excerpt(String sql) {
        String oneLine = sql.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= SQL_EXCERPT_CHARS ? oneLine : oneLine.substring(0, SQL_EXCERPT_CHARS) + "...";
    }
}
