/**
 * The write side: everything that lands in the database goes through one bounded queue drained by
 * one writer thread on {@code jdbc/agentdb-rw}. Requests share transactions (group commit) and are
 * acknowledged only once their rows are committed; a full queue is refused, never dropped.
 */
package io.tidepool.ingest;
