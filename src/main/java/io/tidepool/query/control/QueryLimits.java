package io.tidepool.query.control;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The SDK API's limits, from MicroProfile Config (docs/configuration.md). Their values were
 * checked when the application deployed ({@link io.tidepool.platform.Settings}).
 */
@ApplicationScoped
public class QueryLimits {

    private int maxRows;
    private long maxResponseBytes;
    private long maxRequestBytes;
    private Duration sqlTimeout;
    private Duration metricsTimeout;
    private Duration systemTimeout;
    private Duration healthTimeout;
    private Duration queueTimeout;
    private Duration slowThreshold;
    private int maxConcurrent;
    private int slotsPerScript;
    private boolean requireToken;
    private Duration shutdownGrace;

    protected QueryLimits() {
    }

    @Inject
    public QueryLimits(
            @ConfigProperty(name = "tidepool.query.max-rows", defaultValue = "10000") int maxRows,
            @ConfigProperty(name = "tidepool.query.max-response-bytes", defaultValue = "33554432") long maxResponseBytes,
            @ConfigProperty(name = "tidepool.query.max-request-bytes", defaultValue = "1048576") long maxRequestBytes,
            @ConfigProperty(name = "tidepool.query.timeout.sql", defaultValue = "30s") Duration sqlTimeout,
            @ConfigProperty(name = "tidepool.query.timeout.metrics", defaultValue = "10s") Duration metricsTimeout,
            @ConfigProperty(name = "tidepool.query.timeout.system", defaultValue = "5s") Duration systemTimeout,
            @ConfigProperty(name = "tidepool.query.timeout.health", defaultValue = "2s") Duration healthTimeout,
            @ConfigProperty(name = "tidepool.query.queue-timeout", defaultValue = "30s") Duration queueTimeout,
            @ConfigProperty(name = "tidepool.query.slow-threshold", defaultValue = "1s") Duration slowThreshold,
            @ConfigProperty(name = "tidepool.db.reader-pool-size", defaultValue = "20") int maxConcurrent,
            @ConfigProperty(name = "tidepool.query.slots-per-script", defaultValue = "4") int slotsPerScript,
            @ConfigProperty(name = "tidepool.query.require-token", defaultValue = "false") boolean requireToken,
            @ConfigProperty(name = "tidepool.query.shutdown-grace", defaultValue = "5s") Duration shutdownGrace) {
        this.maxRows = maxRows;
        this.maxResponseBytes = maxResponseBytes;
        this.maxRequestBytes = maxRequestBytes;
        this.sqlTimeout = sqlTimeout;
        this.metricsTimeout = metricsTimeout;
        this.systemTimeout = systemTimeout;
        this.healthTimeout = healthTimeout;
        this.queueTimeout = queueTimeout;
        this.slowThreshold = slowThreshold;
        this.maxConcurrent = maxConcurrent;
        this.slotsPerScript = slotsPerScript;
        this.requireToken = requireToken;
        this.shutdownGrace = shutdownGrace;
    }

    public int maxRows() {
        return maxRows;
    }

    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    public long maxRequestBytes() {
        return maxRequestBytes;
    }

    public Duration sqlTimeout() {
        return sqlTimeout;
    }

    public Duration metricsTimeout() {
        return metricsTimeout;
    }

    public Duration systemTimeout() {
        return systemTimeout;
    }

    public Duration healthTimeout() {
        return healthTimeout;
    }

    public Duration queueTimeout() {
        return queueTimeout;
    }

    public Duration slowThreshold() {
        return slowThreshold;
    }

    /** At most this many queries run at once: the reader pool's size, so no request waits inside the pool. */
    public int maxConcurrent() {
        return maxConcurrent;
    }

    /**
     * At most this many of the slots are held by one script at once, so that one script cannot
     * starve the others: with the defaults, 5 concurrent scripts times 4 slots fit in the 20.
     */
    public int slotsPerScript() {
        return slotsPerScript;
    }

    /** How long reads in progress at shutdown may go on before they are cancelled. */
    public Duration shutdownGrace() {
        return shutdownGrace;
    }

    /** Whether SDK requests without a valid run token are refused (401). */
    public boolean requireToken() {
        return requireToken;
    }
}
