/**
 * The HTTP client under every SDK call: where the SDK API is, the run's token,
 * request timeouts, and {@linkcode TidepoolError}.
 *
 * Inside Tidepool nothing needs configuring: the runner passes the SDK API's
 * address and the run's token in the environment (`TIDEPOOL_SDK_URL`,
 * `TIDEPOOL_TOKEN`). Outside it (a script tried on a laptop against a local
 * server) the SDK falls back to `http://127.0.0.1:9003`, or call
 * {@linkcode configure}.
 *
 * @module
 */

/**
 * Options every SDK call accepts.
 *
 * @example A quick look that gives up after two seconds
 * ```ts
 * import { system, type RequestOptions } from "@tidepool/sdk";
 *
 * const quick: RequestOptions = { timeoutMs: 2_000 };
 * console.log((await system.getCPU(quick)).usage_percent);
 * ```
 */
export interface RequestOptions {
  /**
   * Milliseconds to wait for the whole answer before giving up with a
   * {@linkcode TidepoolError} of code `"timeout"`. Default: the configured
   * timeout (60 000, which covers the server's own 30 s wait for a free query
   * slot plus its 30 s query deadline).
   */
  timeoutMs?: number;
}

/**
 * Where and how the SDK talks to Tidepool.
 *
 * @example
 * ```ts
 * import { type ClientConfig, currentConfig } from "@tidepool/sdk";
 *
 * const config: ClientConfig = currentConfig();
 * console.log(config.baseUrl, config.token === undefined ? "anonymous" : "with the run's token");
 * ```
 */
export interface ClientConfig {
  /** Base URL of the SDK API, for example `http://127.0.0.1:9003`. */
  baseUrl: string;
  /** The run's token, sent as `Authorization: Bearer <token>`; none outside Tidepool. */
  token: string | undefined;
  /** Default timeout of every call in milliseconds. */
  timeoutMs: number;
}

/**
 * The SDK API's address when neither the environment nor {@linkcode configure}
 * says otherwise.
 *
 * @example
 * ```ts
 * import { configure, DEFAULT_BASE_URL } from "@tidepool/sdk";
 *
 * configure({ baseUrl: Deno.env.get("TIDEPOOL_SDK_URL") ?? DEFAULT_BASE_URL });
 * configure({});
 * ```
 */
export const DEFAULT_BASE_URL = "http://127.0.0.1:9003";

/**
 * The default timeout of every call, in milliseconds.
 *
 * @example Twice the patience for one slow report
 * ```ts
 * import { db, DEFAULT_TIMEOUT_MS } from "@tidepool/sdk";
 *
 * const result = await db.query("SELECT 1 AS one", [], { timeoutMs: 2 * DEFAULT_TIMEOUT_MS });
 * console.log(result.rows);
 * ```
 */
export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * A failed SDK call: the HTTP status (0 when no answer came), the server's
 * error code and its message.
 *
 * Codes come from the server (`sql_error`, `statement_not_allowed`,
 * `overloaded`, `timeout`, ... see docs/api.md) or from the SDK itself:
 * `timeout` (no answer within `timeoutMs`), `network_error` and
 * `invalid_response`. A query whose deadline passes while its rows are being
 * sent keeps the status 200 it already had and carries the server's code
 * (`timeout`): check `code`, not only `status`.
 *
 * @example Telling a refused query from a busy server
 * ```ts
 * import { db, TidepoolError } from "@tidepool/sdk";
 *
 * try {
 *   await db.query("DELETE FROM otel_spans_local");
 * } catch (e) {
 *   if (!(e instanceof TidepoolError)) throw e;
 *   console.log(e.status, e.code); // 403 statement_not_allowed
 *   if (e.code === "overloaded") {
 *     await new Promise((r) => setTimeout(r, (e.retryAfter ?? 1) * 1000));
 *   }
 * }
 * ```
 */
export class TidepoolError extends Error {
  /** HTTP status of the answer; 0 when there was none (timeout, network). */
  readonly status: number;
  /** Machine-readable error code, e.g. `sql_error` or `timeout`. */
  readonly code: string;
  /** Seconds the server asked to wait before retrying (`Retry-After`), if it did. */
  readonly retryAfter: number | undefined;

  /**
   * Creates an error; the SDK does this, scripts rarely need to.
   *
   * @example
   * ```ts
   * import { TidepoolError } from "@tidepool/sdk";
   *
   * const e = new TidepoolError(503, "overloaded", "all query slots busy", 1);
   * console.log(e.message); // "overloaded (503): all query slots busy"
   * ```
   */
  constructor(
    status: number,
    code: string,
    message: string,
    retryAfter?: number,
    options?: ErrorOptions,
  ) {
    super(`${code} (${status}): ${message}`, options);
    this.name = "TidepoolError";
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

let overrides: Partial<ClientConfig> = {};

/**
 * Overrides where and how the SDK talks to Tidepool, for this script. Only
 * the given fields change; call with `{}` to go back to the environment's
 * settings.
 *
 * @example Shorter timeouts for a script that must answer quickly
 * ```ts
 * import { configure, system } from "@tidepool/sdk";
 *
 * configure({ timeoutMs: 5_000 });
 * const cpu = await system.getCPU();
 * console.log(cpu.usage_percent);
 * configure({});
 * ```
 */
export function configure(config: Partial<ClientConfig>): void {
  overrides = { ...config };
}

/**
 * The configuration calls use now: {@linkcode configure}'s overrides, else
 * the environment Tidepool passes, else the defaults.
 *
 * @example
 * ```ts
 * import { currentConfig } from "@tidepool/sdk";
 *
 * console.log(currentConfig().baseUrl); // e.g. "http://127.0.0.1:9003"
 * ```
 */
export function currentConfig(): ClientConfig {
  return {
    baseUrl: overrides.baseUrl ?? env("TIDEPOOL_SDK_URL") ?? DEFAULT_BASE_URL,
    token: "token" in overrides ? overrides.token : env("TIDEPOOL_TOKEN"),
    timeoutMs: overrides.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
}

/** Reads an environment variable only if the sandbox grants it, so no call ever prompts or throws. */
function env(name: string): string | undefined {
  try {
    if (
      Deno.permissions.querySync({ name: "env", variable: name }).state !==
        "granted"
    ) {
      return undefined;
    }
    const value = Deno.env.get(name);
    return value === undefined || value === "" ? undefined : value;
  } catch {
    return undefined;
  }
}

/**
 * A query-string value; `undefined` leaves the parameter out.
 *
 * @example
 * ```ts
 * import { type QueryValue, request } from "@tidepool/sdk";
 *
 * const query: Record<string, QueryValue> = { service: "payments", window: undefined };
 * const rate = await request<{ value: number | null }>("GET", "/metrics/error-rate", { query });
 * console.log(rate.value);
 * ```
 */
export type QueryValue = string | number | undefined;

/**
 * Sends one request to the SDK API and returns its JSON answer, or throws a
 * {@linkcode TidepoolError}. The timeout covers the whole answer, body
 * included.
 *
 * @example The raw call behind `system.getCPU()`
 * ```ts
 * import { request } from "@tidepool/sdk";
 *
 * const cpu = await request<{ usage_percent: number | null }>("GET", "/system/cpu");
 * console.log(cpu.usage_percent);
 * ```
 */
export async function request<T>(
  method: "GET" | "POST",
  path: string,
  init:
    & { query?: Record<string, QueryValue>; body?: unknown }
    & RequestOptions = {},
): Promise<T> {
  const config = currentConfig();
  const url = new URL(path, config.baseUrl);
  for (const [key, value] of Object.entries(init.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  const headers = new Headers({ accept: "application/json" });
  if (init.body !== undefined) headers.set("content-type", "application/json");
  if (config.token !== undefined) {
    headers.set("authorization", `Bearer ${config.token}`);
  }
  const timeoutMs = init.timeoutMs ?? config.timeoutMs;
  const signal = AbortSignal.timeout(timeoutMs);
  let status = 0;
  let text: string;
  let retryAfter: number | undefined;
  try {
    const response = await fetch(url, {
      method,
      headers,
      body: init.body === undefined ? null : JSON.stringify(init.body),
      signal,
    });
    status = response.status;
    retryAfter = seconds(response.headers.get("retry-after"));
    text = await response.text();
  } catch (e) {
    if (
      e instanceof DOMException &&
      (e.name === "TimeoutError" || e.name === "AbortError")
    ) {
      throw new TidepoolError(
        status,
        "timeout",
        `no complete answer from ${method} ${url.pathname} within ${timeoutMs} ms`,
        undefined,
        { cause: e },
      );
    }
    throw new TidepoolError(
      status,
      "network_error",
      `${method} ${url.origin}${url.pathname} failed: ${
        e instanceof Error ? e.message : String(e)
      }`,
      undefined,
      { cause: e },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new TidepoolError(
      status,
      "invalid_response",
      `${method} ${url.pathname} answered with something other than JSON: ${
        text.slice(0, 200)
      }`,
      retryAfter,
      { cause: e },
    );
  }
  const error = errorMember(json);
  if (status < 200 || status > 299) {
    throw new TidepoolError(
      status,
      error?.code ?? `http_${status}`,
      error?.message ?? text.slice(0, 200),
      retryAfter,
    );
  }
  if (error !== undefined) {
    // The answer had started (status 200) when the server failed; it says so in the body.
    throw new TidepoolError(status, error.code, error.message, retryAfter);
  }
  return json as T;
}

function errorMember(
  json: unknown,
): { code: string; message: string } | undefined {
  if (typeof json !== "object" || json === null || !("error" in json)) {
    return undefined;
  }
  const error = (json as { error: unknown }).error;
  if (typeof error !== "object" || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return {
    code: typeof code === "string" ? code : "error",
    message: typeof message === "string" ? message : JSON.stringify(error),
  };
}

function seconds(header: string | null): number | undefined {
  if (header === null) return undefined;
  const value = Number(header);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}
