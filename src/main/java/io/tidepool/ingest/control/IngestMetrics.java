package io.tidepool.ingest.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;

import io.tidepool.ingest.entity.Signal;
import io.tidepool.platform.MetricSeries;
import io.tidepool.storage.DatabaseFile;

/** The write side's application metrics (published by MP Metrics on the management endpoint's /metrics). */
@ApplicationScoped
public class IngestMetrics {

    private static final Metadata ITEMS = Metadata.builder().withName("tidepool.ingest.items")
            .withDescription("OTLP items received, by signal and outcome (accepted, rejected, ignored)").build();
    private static final Metadata REQUESTS = Metadata.builder().withName("tidepool.ingest.requests")
            .withDescription("OTLP export requests answered, by signal and HTTP status").build();
    private static final Metadata TRUNCATED_VALUES = Metadata.builder().withName("tidepool.ingest.truncated.values")
            .withDescription("Attribute values cut to the maximum length").build();
    private static final Metadata COMMIT_ROWS = Metadata.builder().withName("tidepool.ingest.commit.rows")
            .withDescription("Rows per commit of the single writer (group commit batch size)").build();
    private static final Metadata COMMIT_DURATION = Metadata.builder().withName("tidepool.ingest.commit.duration")
            .withDescription("Latency of one group commit").build();
    private static final Metadata FRESHNESS_LAG = Metadata.builder().withName("tidepool.ingest.freshness.lag")
            .withDescription("Time from a batch's receipt to its commit (when readers see it)").build();
    private static final Metadata RETENTION_DELETED = Metadata.builder().withName("tidepool.ingest.retention.deleted.rows")
            .withDescription("Rows deleted by the retention job, by table").build();

    @Inject
    MetricRegistry registry;

    @Inject
    DatabaseFile database;

    private MetricSeries series;

    @PostConstruct
    void registerFileSize() {
        series = new MetricSeries(registry);
        registry.gauge(Metadata.builder().withName("tidepool.db.file.size")
                .withDescription("Size of the DuckDB file plus its write-ahead log").withUnit(MetricUnits.BYTES).build(),
                this, IngestMetrics::databaseBytes);
    }

    void registerQueue(TelemetryWriter writer) {
        registry.gauge(Metadata.builder().withName("tidepool.ingest.queue.rows")
                .withDescription("Rows waiting in the write queue now").build(), writer, TelemetryWriter::queuedRows);
        registry.gauge(Metadata.builder().withName("tidepool.ingest.queue.capacity")
                .withDescription("Rows the write queue holds before refusing more").build(), writer, TelemetryWriter::queueCapacityRows);
    }

    /** Items of one signal by outcome: accepted, rejected (invalid), ignored (no table for them). */
    public void items(Signal signal, String outcome, long count) {
        if (count > 0) {
            series.counter(ITEMS, "signal", signal.label(), "outcome", outcome).inc(count);
        }
    }

    public void request(Signal signal, int status) {
        series.counter(REQUESTS, "signal", signal.label(), "status", Integer.toString(status)).inc();
    }

    public void truncatedValues(long count) {
        if (count > 0) {
            series.counter(TRUNCATED_VALUES).inc(count);
        }
    }

    void committed(int rows, long nanos) {
        series.histogram(COMMIT_ROWS).update(rows);
        series.timer(COMMIT_DURATION).update(Duration.ofNanos(nanos));
    }

    /** From receipt (queued) to committed, which is when readers can see the rows and the sender is acknowledged. */
    void visibleAfter(long nanos) {
        series.timer(FRESHNESS_LAG).update(Duration.ofNanos(nanos));
    }

    void deleted(String table, long rows) {
        series.counter(RETENTION_DELETED, "table", table).inc(rows);
    }

    long databaseBytes() {
        Path file = database.path();
        return size(file) + size(file.resolveSibling(file.getFileName() + ".wal"));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
