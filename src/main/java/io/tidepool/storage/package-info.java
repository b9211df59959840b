/**
 * The embedded DuckDB file that every other component shares: the public schema created at
 * start-up, the sandbox settings every connection runs under, and the reading of DuckDB's error
 * messages into kinds the API can answer with the right status. Components obtain connections
 * themselves from the container-managed data sources {@code jdbc/agentdb-ro} (readers) and
 * {@code jdbc/agentdb-rw} (the single writer); see liberty/server.xml.
 */
package io.tidepool.storage;
