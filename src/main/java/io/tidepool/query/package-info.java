/**
 * The SDK API that Deno scripts call on the loopback port: raw read-only SQL and the helper
 * endpoints (percentiles, error rates, traces, host CPU and memory, events), each request in its
 * own read-only snapshot, admitted against the reader pool, cancelled at its deadline, and streamed
 * back as JSON without holding the result in memory.
 */
package io.tidepool.query;
