package io.tidepool.query.control;

import java.time.Duration;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import io.tidepool.query.entity.Caller;

/** The SDK API's application metrics (published by MP Metrics on the management endpoint's /metrics). */
@ApplicationScoped
public class QueryMetrics {

    @Inject
    MetricRegistry registry;

    @Inject
    QueryAdmission admission;

    @Inject
    ActiveRequests active;

    @PostConstruct
    void registerGauges() {
        registry.gauge(Metadata.builder().withName("tidepool.sdk.active_requests")
                .withDescription("SDK API requests in progress, streamed bodies included").build(), active, ActiveRequests::count);
        registry.gauge(Metadata.builder().withName("tidepool.query.slots.in_use")
                .withDescription("Queries holding a reader connection now").build(), admission, QueryAdmission::inUse);
        registry.gauge(Metadata.builder().withName("tidepool.query.slots.waiting")
                .withDescription("Requests waiting for a free query slot now").build(), admission, QueryAdmission::waiting);
    }

    public void request(String endpoint, Caller caller, int status, Duration elapsed) {
        Tag script = new Tag("script", caller.metricTag());
        registry.counter(Metadata.builder().withName("tidepool.sdk.requests")
                .withDescription("SDK API requests by endpoint, script (or anonymous) and HTTP status").build(),
                new Tag("endpoint", endpoint), script, new Tag("status", Integer.toString(status))).inc();
        registry.timer(Metadata.builder().withName("tidepool.sdk.request.duration")
                .withDescription("SDK API request latency, body included, by endpoint and script").build(),
                new Tag("endpoint", endpoint), script).update(elapsed);
    }

    public void rows(String endpoint, long rows) {
        registry.counter(Metadata.builder().withName("tidepool.query.rows")
                .withDescription("Rows returned to scripts").build(), new Tag("endpoint", endpoint)).inc(rows);
    }

    public void truncated(String reason) {
        registry.counter(Metadata.builder().withName("tidepool.query.truncations")
                .withDescription("Results cut at the row or byte cap").build(), new Tag("reason", reason)).inc();
    }

    public void timeout(String endpoint) {
        registry.counter(Metadata.builder().withName("tidepool.query.timeouts")
                .withDescription("Queries cancelled at their deadline").build(), new Tag("endpoint", endpoint)).inc();
    }

    /** A helper answer served from the cache ({@code hit}), computed ({@code miss}) or dropped ({@code eviction}). */
    public void cache(String result) {
        registry.counter(Metadata.builder().withName("tidepool.query.cache")
                .withDescription("Helper answers: cache hits, misses and evictions").build(), new Tag("result", result)).inc();
    }

    public void rejected(String reason) {
        registry.counter(Metadata.builder().withName("tidepool.query.rejections")
                .withDescription("Requests refused before or while running (overloaded, forbidden, invalid, too large)").build(),
                new Tag("reason", reason)).inc();
    }
}
