package io.tidepool.ingest.entity;

/** One row of {@code system_metrics_local}: a host measurement such as {@code system.cpu.utilization}. */
public record SystemMetricRecord(long timestampEpochNanos, String name, double value, String unit, String attributesJson) {
}
