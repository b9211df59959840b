/**
 * Events scripts emit: stored in `script_events` with the script's name and
 * run id, readable with SQL and in the run's report.
 *
 * @module
 */

import { request, type RequestOptions } from "./client.ts";

/**
 * How serious an event is.
 *
 * @example
 * ```ts
 * import { emit, type Severity } from "@tidepool/sdk";
 *
 * const errorRate = 0.03;
 * const severity: Severity = errorRate > 0.05 ? "critical" : errorRate > 0.01 ? "warning" : "info";
 * await emit("error_rate", { errorRate }, severity);
 * ```
 */
export type Severity = "debug" | "info" | "warning" | "error" | "critical";

/**
 * The server's receipt: the event is committed.
 *
 * @example
 * ```ts
 * import { emit, type EmitResult } from "@tidepool/sdk";
 *
 * const receipt: EmitResult = await emit("heartbeat", {});
 * console.log(receipt.stored, receipt.timestamp);
 * ```
 */
export interface EmitResult {
  /** Always true: the call throws otherwise. */
  stored: boolean;
  /** The event's name. */
  name: string;
  /** Its severity. */
  severity: Severity;
  /** When it was stored, ISO-8601 in UTC. */
  timestamp: string;
}

/**
 * Stores an event and returns once it is committed. `name` is at most 256
 * characters; `data` any JSON value (default `{}`); `severity` defaults to
 * `"info"`.
 *
 * @example An alert
 * ```ts
 * import { emit } from "@tidepool/sdk";
 *
 * const receipt = await emit("high_latency", { service: "payments", p99_ms: 812 }, "warning");
 * console.log(receipt.timestamp);
 * ```
 */
export async function emit(
  name: string,
  data: unknown = {},
  severity: Severity = "info",
  options: RequestOptions = {},
): Promise<EmitResult> {
  return await request<EmitResult>("POST", "/emit", {
    body: { name, data, severity },
    ...options,
  });
}
