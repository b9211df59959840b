package io.tidepool.export.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

import io.tidepool.platform.MetricSeries;
import io.tidepool.storage.Schema;

/** The export's metrics, per table (published by MP Metrics on the management endpoint's /metrics). */
@ApplicationScoped
public class ExportMetrics {

    private static final Metadata WINDOWS = Metadata.builder().withName("tidepool.export.files")
            .withDescription("Export files written (a window's first file, or a later one for late rows), by table").build();
    private static final Metadata ROWS = Metadata.builder().withName("tidepool.export.rows")
            .withDescription("Rows written to export files, by table").build();
    private static final Metadata BYTES = Metadata.builder().withName("tidepool.export.bytes")
            .withDescription("Bytes of export files delivered to the target, by table").withUnit(MetricUnits.BYTES).build();
    private static final Metadata FAILURES = Metadata.builder().withName("tidepool.export.failures")
            .withDescription("Failed export steps (writing a file, or delivering it), by table").build();
    private static final Metadata SKIPPED = Metadata.builder().withName("tidepool.export.backlog.full")
            .withDescription("Export runs that wrote no new file because the local backlog was at its limit").build();

    @Inject
    MetricRegistry registry;

    private MetricSeries series;

    @PostConstruct
    void create() {
        series = new MetricSeries(registry);
    }

    /** Gauges that read the exporter's state: lag behind now and backlog, per table. */
    void register(Exporter exporter) {
        for (String table : Schema.TABLES) {
            Tag tag = new Tag("table", table);
            registry.gauge(Metadata.builder().withName("tidepool.export.lag")
                    .withDescription("How far the end of the latest exported window is behind now, by table")
                    .withUnit(MetricUnits.SECONDS).build(), exporter, e -> e.lagSeconds(table), tag);
            registry.gauge(Metadata.builder().withName("tidepool.export.backlog.bytes")
                    .withDescription("Bytes of export files waiting on local disk for the target, by table")
                    .withUnit(MetricUnits.BYTES).build(), exporter, e -> e.backlogBytes(table), tag);
            registry.gauge(Metadata.builder().withName("tidepool.export.backlog.files")
                    .withDescription("Export files waiting on local disk for the target, by table").build(),
                    exporter, e -> e.backlogFiles(table), tag);
        }
    }

    void written(String table, long rows) {
        series.counter(WINDOWS, "table", table).inc();
        series.counter(ROWS, "table", table).inc(rows);
    }

    void delivered(String table, long bytes) {
        series.counter(BYTES, "table", table).inc(bytes);
    }

    void failed(String table) {
        series.counter(FAILURES, "table", table).inc();
    }

    void backlogFull() {
        series.counter(SKIPPED).inc();
    }
}
