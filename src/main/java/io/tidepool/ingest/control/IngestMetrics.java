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
import org.eclipse.microprofile.metrics.Tag;

import io.tidepool.ingest.entity.Signal;
import io.tidepool.storage.DatabaseFile;

/** The write side's application metrics (published by MP Metrics on the management endpoint's /metrics). */
@ApplicationScoped
public class IngestMetrics {

    @Inject
    MetricRegistry registry;

    @Inject
    DatabaseFile database;

    @PostConstruct
    void registerFileSize() {
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
            registry.counter(Metadata.builder().withName("tidepool.ingest.items")
                    .withDescription("OTLP items received, by signal and outcome (accepted, rejected, ignored)").build(),
                    new Tag("signal", signal.label()), new Tag("outcome", outcome)).inc(count);
        }
    }

    public void request(Signal signal, int status) {
        registry.counter(Metadata.builder().withName("tidepool.ingest.requests")
                .withDescription("OTLP export requests answered, by signal and HTTP status").build(),
                new Tag("signal", signal.label()), new Tag("status", Integer.toString(status))).inc();
    }

    public void truncatedValues(long count) {
        if (count > 0) {
            registry.counter(Metadata.builder().withName("tidepool.ingest.truncated.values")
                    .withDescription("Attribute values cut to the maximum length").build()).inc(count);
        }
    }

    void committed(int rows, long nanos) {
        registry.histogram(Metadata.builder().withName("tidepool.ingest.commit.rows")
                .withDescription("Rows per commit of the single writer (group commit batch size)").build()).update(rows);
        registry.timer(Metadata.builder().withName("tidepool.ingest.commit.duration")
                .withDescription("Latency of one group commit").build()).update(Duration.ofNanos(nanos));
    }

    /** From receipt (queued) to committed, which is when readers can see the rows and the sender is acknowledged. */
    void visibleAfter(long nanos) {
        registry.timer(Metadata.builder().withName("tidepool.ingest.freshness.lag")
                .withDescription("Time from a batch's receipt to its commit (when readers see it)").build())
                .update(Duration.ofNanos(nanos));
    }

    void deleted(String table, long rows) {
        registry.counter(Metadata.builder().withName("tidepool.ingest.retention.deleted.rows")
                .withDescription("Rows deleted by the retention job, by table").build(), new Tag("table", table)).inc(rows);
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
