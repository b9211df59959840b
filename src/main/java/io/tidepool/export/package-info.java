/**
 * Export: every closed time window of each telemetry table goes, once, as a ZSTD Parquet file
 * written by DuckDB itself, to a directory or an S3-compatible bucket, laid out with Hive partitions
 * ({@code {table}/date=/hour=/node=/{window-start}-{seq}.parquet}) so that engines built for a fleet
 * (DuckDB, Trino, Spark) query every node's data together. It reads committed rows on a connection
 * of its own, never on the writer thread; a manifest and the rows' commit stamps make each row
 * appear in exactly one file across restarts and late arrivals (docs/fleet.md).
 */
package io.tidepool.export;
