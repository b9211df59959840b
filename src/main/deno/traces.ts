/**
 * Recent requests (SERVER spans) of a service, newest first.
 *
 * @module
 */

import { request, type RequestOptions } from "./client.ts";

/**
 * What to look for.
 *
 * @example
 * ```ts
 * import { type TraceQuery, traces } from "@tidepool/sdk";
 *
 * const slowCheckouts: TraceQuery = { service: "checkout", minDuration: "1s", timeRange: "15m" };
 * console.log((await traces.query(slowCheckouts)).length);
 * ```
 */
export interface TraceQuery extends RequestOptions {
  /** Only this service's requests; all services without it. */
  service?: string;
  /** Only requests at least this slow: `"500ms"`, `"2s"`. Default: all. */
  minDuration?: string;
  /** How far back: `"15m"`, `"1h"`. Default `"1h"`. */
  timeRange?: string;
  /** At most this many, 1 to 10,000. Default 100. */
  limit?: number;
}

/**
 * One request.
 *
 * @example Failed requests by route
 * ```ts
 * import { type Trace, traces } from "@tidepool/sdk";
 *
 * const recent: Trace[] = await traces.query({ limit: 500 });
 * const failed = recent.filter((t) => t.is_error);
 * console.log(Object.groupBy(failed, (t) => t.http_route ?? "(none)"));
 * ```
 */
export interface Trace {
  /** The trace it belongs to. */
  trace_id: string;
  /** The span's id. */
  span_id: string;
  /** The caller's span, if any. */
  parent_span_id: string | null;
  /** The service that served it. */
  service_name: string;
  /** The span's name, e.g. `"POST /api/checkout"`. */
  span_name: string | null;
  /** When it started, ISO-8601 in UTC. */
  start_time: string;
  /** How long it took, in nanoseconds. */
  duration_ns: number;
  /** Whether it failed. */
  is_error: boolean;
  /** OpenTelemetry status code: `UNSET`, `OK` or `ERROR`. */
  status_code: string | null;
  /** HTTP status, if it was an HTTP request. */
  http_status: number | null;
  /** HTTP method, if any. */
  http_method: string | null;
  /** HTTP route, if any. */
  http_route: string | null;
}

/**
 * Recent requests matching the query, newest first.
 *
 * @example Slow checkouts of the last hour
 * ```ts
 * import { traces } from "@tidepool/sdk";
 *
 * const slow = await traces.query({ service: "checkout", minDuration: "500ms", timeRange: "1h", limit: 20 });
 * for (const t of slow) console.log(t.trace_id, (t.duration_ns / 1e6).toFixed(0), "ms", t.http_route);
 * ```
 */
export async function query(options: TraceQuery = {}): Promise<Trace[]> {
  const { service, minDuration, timeRange, limit, ...rest } = options;
  const answer = await request<{ traces: Trace[]; count: number }>(
    "GET",
    "/traces/query",
    {
      query: { service, minDuration, timeRange, limit },
      ...rest,
    },
  );
  return answer.traces;
}
