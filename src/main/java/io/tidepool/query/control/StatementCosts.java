package io.tidepool.query.control;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What each statement recently cost to execute, by its exact SQL text: scripts poll the same
 * queries, so the last executions of a text predict the next one well. A statement is light once
 * its smoothed time is under {@code tidepool.query.light-threshold}; one never seen is not, so a new
 * statement cannot take the light lane until it has shown it belongs there. Bounded, least recently
 * used out.
 */
@ApplicationScoped
public class StatementCosts {

    static final int REMEMBERED = 2048;
    /** Weight of the newest execution in the smoothed time. */
    private static final double WEIGHT = 0.3;

    private final Map<String, Double> nanos = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Double> eldest) {
            return size() > REMEMBERED;
        }
    };

    private long thresholdNanos;

    protected StatementCosts() {
    }

    @Inject
    public StatementCosts(@ConfigProperty(name = "tidepool.query.light-threshold", defaultValue = "10ms") Duration threshold) {
        this.thresholdNanos = threshold.toNanos();
    }

    public boolean isLight(String sql) {
        long expected = expectedNanos(sql);
        return expected >= 0 && expected < thresholdNanos;
    }

    /** The smoothed time of the recent executions of {@code sql}, or -1 if it has not run. */
    public long expectedNanos(String sql) {
        Double smoothed;
        synchronized (nanos) {
            smoothed = nanos.get(sql);
        }
        return smoothed == null ? -1 : Math.round(smoothed);
    }

    /** Counts {@code sql} as light until its executions show otherwise, unless they already have. */
    public void assumeLight(String sql) {
        synchronized (nanos) {
            nanos.putIfAbsent(sql, 0.0);
        }
    }

    public void record(String sql, long executionNanos) {
        synchronized (nanos) {
            Double before = nanos.get(sql);
            nanos.put(sql, before == null ? executionNanos : before + WEIGHT * (executionNanos - before));
        }
    }
}
