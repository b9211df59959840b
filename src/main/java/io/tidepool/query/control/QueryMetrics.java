package io.tidepool.query.control;

import java.time.Duration;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

import io.tidepool.platform.MetricSeries;
import io.tidepool.query.entity.Caller;

/** The SDK API's application metrics (published by MP Metrics on the management endpoint's /metrics). */
@ApplicationScoped
public class QueryMetrics {

    private static final Metadata REQUESTS = Metadata.builder().withName("tidepool.sdk.requests")
            .withDescription("SDK API requests by endpoint, script (or anonymous) and HTTP status").build();
    private static final Metadata REQUEST_DURATION = Metadata.builder().withName("tidepool.sdk.request.duration")
            .withDescription("SDK API request latency, body included, by endpoint and script").build();
    private static final Metadata ROWS = Metadata.builder().withName("tidepool.query.rows")
            .withDescription("Rows returned to scripts").build();
    private static final Metadata TRUNCATIONS = Metadata.builder().withName("tidepool.query.truncations")
            .withDescription("Results cut at the row or byte cap").build();
    private static final Metadata TIMEOUTS = Metadata.builder().withName("tidepool.query.timeouts")
            .withDescription("Queries cancelled at their deadline").build();
    private static final Metadata CACHE = Metadata.builder().withName("tidepool.query.cache")
            .withDescription("Helper answers: cache hits, misses and evictions").build();
    private static final Metadata REJECTIONS = Metadata.builder().withName("tidepool.query.rejections")
            .withDescription("Requests refused before or while running (overloaded, forbidden, invalid, too large)").build();

    @Inject
    MetricRegistry registry;

    @Inject
    QueryAdmission admission;

    @Inject
    ActiveRequests active;

    @Inject
    ExecutionGate gate;

    private MetricSeries series;

    @PostConstruct
    void registerGauges() {
        series = new MetricSeries(registry);
        registry.gauge(Metadata.builder().withName("tidepool.sdk.active_requests")
                .withDescription("SDK API requests in progress, streamed bodies included").build(), active, ActiveRequests::count);
        registry.gauge(Metadata.builder().withName("tidepool.query.slots.in_use")
                .withDescription("Queries holding a reader connection now").build(), admission, QueryAdmission::inUse);
        registry.gauge(Metadata.builder().withName("tidepool.query.slots.waiting")
                .withDescription("Requests waiting for a free query slot now").build(), admission, QueryAdmission::waiting);
        registry.gauge(Metadata.builder().withName("tidepool.query.statements.executing")
                .withDescription("Read statements executing inside DuckDB now (execution slots in use)").build(), gate,
                ExecutionGate::executing);
        registry.gauge(Metadata.builder().withName("tidepool.query.statements.waiting")
                .withDescription("Read statements waiting for an execution slot now").build(), gate, ExecutionGate::waiting);
    }

    public void request(String endpoint, Caller caller, int status, Duration elapsed) {
        String script = caller.metricTag();
        series.counter(REQUESTS, "endpoint", endpoint, "script", script, "status", Integer.toString(status)).inc();
        series.timer(REQUEST_DURATION, "endpoint", endpoint, "script", script).update(elapsed);
    }

    public void rows(String endpoint, long rows) {
        series.counter(ROWS, "endpoint", endpoint).inc(rows);
    }

    public void truncated(String reason) {
        series.counter(TRUNCATIONS, "reason", reason).inc();
    }

    public void timeout(String endpoint) {
        series.counter(TIMEOUTS, "endpoint", endpoint).inc();
    }

    /** A helper answer served from the cache ({@code hit}), computed ({@code miss}) or dropped ({@code eviction}). */
    public void cache(String result) {
        series.counter(CACHE, "result", result).inc();
    }

    public void rejected(String reason) {
        series.counter(REJECTIONS, "reason", reason).inc();
    }
}
