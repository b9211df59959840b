/**
 * MicroProfile Health checks, served by Liberty on the management endpoint ({@code /health/ready},
 * {@code /health/live}, {@code /health/started}): readiness probes a real read and reports pool
 * figures, liveness watches the writer thread, startup waits for the schema.
 */
package io.tidepool.health;
