/**
 * Latency percentiles and error rates of a service over a recent window.
 *
 * @module
 */

import { request, type RequestOptions } from "./client.ts";

/**
 * Options of the metric helpers.
 *
 * @example The last hour instead of the last five minutes
 * ```ts
 * import { metrics, type WindowOptions } from "@tidepool/sdk";
 *
 * const hour: WindowOptions = { window: "1h" };
 * console.log(await metrics.getPercentile("payments", "duration", 0.5, hour));
 * ```
 */
export interface WindowOptions extends RequestOptions {
  /** How far back from now: `"30s"`, `"5m"`, `"1h"`... Default `"5m"`. */
  window?: string;
}

/**
 * A latency percentile with the facts behind it.
 *
 * @example
 * ```ts
 * import { metrics, type Percentile } from "@tidepool/sdk";
 *
 * const p: Percentile = await metrics.percentile("payments", "duration", 0.95);
 * console.log(`${p.service} p${p.p * 100} over ${p.window}: ${p.value} ${p.unit} from ${p.count} requests`);
 * ```
 */
export interface Percentile {
  /** The percentile in nanoseconds; null when the window has no data. */
  value: number | null;
  /** Always `"ns"`. */
  unit: "ns";
  /** Requests (or histogram observations) it was computed from. */
  count: number;
  /** True when estimated from histogram buckets rather than exact. */
  estimated: boolean;
  /** The service asked about. */
  service: string;
  /** The quantile asked for, from 0 to 1. */
  p: number;
  /** The window, e.g. `"5m"`. */
  window: string;
}

/**
 * An error rate with the counts behind it.
 *
 * @example
 * ```ts
 * import { type ErrorRate, metrics } from "@tidepool/sdk";
 *
 * const rate: ErrorRate = await metrics.errorRate("payments");
 * console.log(`${rate.errors}/${rate.count} failed in ${rate.window}`);
 * ```
 */
export interface ErrorRate {
  /** Failed share of the service's requests, from 0 to 1; null when there were none. */
  value: number | null;
  /** Requests in the window. */
  count: number;
  /** Failed requests in the window. */
  errors: number;
  /** The service asked about. */
  service: string;
  /** The window, e.g. `"5m"`. */
  window: string;
}

/**
 * The default metric: the latency of the service's requests (its SERVER spans).
 *
 * @example
 * ```ts
 * import { metrics } from "@tidepool/sdk";
 *
 * const p99 = await metrics.percentile("users", metrics.DEFAULT_METRIC, 0.99);
 * console.log(p99.value);
 * ```
 */
export const DEFAULT_METRIC = "duration";

/**
 * A latency percentile of a service with its sample size and whether it was
 * estimated. `metric` is `duration` (requests, exact), `span.duration` (all
 * spans, exact) or `http.server.request.duration` (from histograms).
 *
 * @example Only alert on a real sample
 * ```ts
 * import { metrics } from "@tidepool/sdk";
 *
 * const p99 = await metrics.percentile("payments", "duration", 0.99, { window: "5m" });
 * if (p99.value !== null && p99.count >= 100 && p99.value > 500_000_000) {
 *   console.log(`payments p99 is ${(p99.value / 1e6).toFixed(0)} ms over ${p99.count} requests`);
 * }
 * ```
 */
export async function percentile(
  service: string,
  metric: string,
  p: number,
  options: WindowOptions = {},
): Promise<Percentile> {
  const { window, ...rest } = options;
  return await request<Percentile>("GET", "/metrics/percentile", {
    query: { service, metric, p, window },
    ...rest,
  });
}

/**
 * A latency percentile of a service in nanoseconds, or null when there is no
 * data in the window. The seed's form `getPercentile(service, p)` (metric
 * `duration`) works too.
 *
 * @example p99 latency of payments in milliseconds
 * ```ts
 * import { metrics } from "@tidepool/sdk";
 *
 * const p99 = await metrics.getPercentile("payments", "http.server.duration", 0.99);
 * console.log(p99 === null ? "no traffic" : `${p99 / 1_000_000} ms`);
 * ```
 */
export async function getPercentile(
  service: string,
  metric: string,
  p: number,
  options?: WindowOptions,
): Promise<number | null>;
/**
 * The seed's two-argument form: the request-latency percentile `p` of a
 * service, in nanoseconds.
 *
 * @example
 * ```ts
 * import { metrics } from "@tidepool/sdk";
 *
 * const p95 = await metrics.getPercentile("checkout", 0.95);
 * console.log(p95);
 * ```
 */
export async function getPercentile(
  service: string,
  p: number,
  options?: WindowOptions,
): Promise<number | null>;
export async function getPercentile(
  service: string,
  metricOrP: string | number,
  pOrOptions?: number | WindowOptions,
  options?: WindowOptions,
): Promise<number | null> {
  if (typeof metricOrP === "number") {
    const rest = typeof pOrOptions === "object" ? pOrOptions : {};
    return (await percentile(service, DEFAULT_METRIC, metricOrP, rest)).value;
  }
  if (typeof pOrOptions !== "number") {
    throw new TypeError(
      "getPercentile(service, metric, p): p must be a number from 0 to 1",
    );
  }
  return (await percentile(service, metricOrP, pOrOptions, options)).value;
}

/**
 * The error rate of a service with its counts.
 *
 * @example
 * ```ts
 * import { metrics } from "@tidepool/sdk";
 *
 * const rate = await metrics.errorRate("checkout", { window: "15m" });
 * console.log(`${rate.errors} of ${rate.count} requests failed`);
 * ```
 */
export async function errorRate(
  service: string,
  options: WindowOptions = {},
): Promise<ErrorRate> {
  const { window, ...rest } = options;
  return await request<ErrorRate>("GET", "/metrics/error-rate", {
    query: { service, window },
    ...rest,
  });
}

/**
 * The share of a service's requests that failed in the window (default
 * `"5m"`), from 0 to 1, or null when it had no requests.
 *
 * @example
 * ```ts
 * import { metrics } from "@tidepool/sdk";
 *
 * const rate = await metrics.getErrorRate("payments", "5m");
 * if (rate !== null && rate > 0.01) console.log(`${(rate * 100).toFixed(2)}% errors`);
 * ```
 */
export async function getErrorRate(
  service: string,
  window?: string,
  options: RequestOptions = {},
): Promise<number | null> {
  return (await errorRate(
    service,
    window === undefined ? options : { ...options, window },
  )).value;
}
