/**
 * The Tidepool SDK: typed access for Deno scripts to the live telemetry that
 * Tidepool keeps (read-only SQL, latency percentiles, error rates, slow
 * requests, host CPU and memory) and a way to emit events.
 *
 * Scripts that Tidepool runs import it as `@tidepool/sdk` (or, unchanged from
 * the seed, as `jsr:@coral/sdk`); the runner maps both names to the copy of
 * this module built with the server, so no network is needed. Every call is
 * an HTTP request to the loopback SDK API carrying the run's token, and
 * fails with a {@linkcode TidepoolError} that has the HTTP status and the
 * server's error code.
 *
 * @example A latency check
 * ```ts
 * import * as tidepool from "@tidepool/sdk";
 *
 * const p99 = await tidepool.metrics.getPercentile("payments", "duration", 0.99);
 * const errors = await tidepool.metrics.getErrorRate("payments", "5m");
 * if (p99 !== null && p99 > 500_000_000 && errors !== null && errors > 0.01) {
 *   await tidepool.emit("payments_degraded", { p99_ms: p99 / 1e6, error_rate: errors }, "critical");
 * }
 * ```
 *
 * @module
 */

export * as db from "./db.ts";
export * as metrics from "./metrics.ts";
export * as traces from "./traces.ts";
export * as system from "./system.ts";
export { emit } from "./emit.ts";
export type { EmitResult, Severity } from "./emit.ts";
export type { Column, QueryResult, Row, SqlParam } from "./db.ts";
export type { ErrorRate, Percentile, WindowOptions } from "./metrics.ts";
export type { Trace, TraceQuery } from "./traces.ts";
export type { CpuUsage, MemoryUsage } from "./system.ts";
export {
  type ClientConfig,
  configure,
  currentConfig,
  DEFAULT_BASE_URL,
  DEFAULT_TIMEOUT_MS,
  type QueryValue,
  request,
  type RequestOptions,
  TidepoolError,
} from "./client.ts";
