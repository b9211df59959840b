/**
 * The write side: the OTLP/HTTP receiver ({@code /v1/traces}, {@code /v1/metrics}) and its mapping
 * into the schema, the host sampler, the retention job, and the one bounded queue drained by one
 * writer thread on {@code jdbc/agentdb-rw} through which everything stored goes. Requests share
 * transactions (group commit) and are acknowledged only once their rows are committed; a full
 * queue is refused, never dropped.
 */
package io.tidepool.ingest;
