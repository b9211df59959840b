/**
 * Read-only SQL over the live telemetry tables (`otel_spans_local`,
 * `beyla_http_metrics`, `system_metrics_local`, `script_events`; see
 * docs/schema.md).
 *
 * @module
 */

import { request, type RequestOptions, TidepoolError } from "./client.ts";

/**
 * A value bound to a `$1`, `$2`, ... (or `?`) placeholder. Arrays and
 * objects bind as their JSON text.
 *
 * @example
 * ```ts
 * import { db, type SqlParam } from "@tidepool/sdk";
 *
 * const params: SqlParam[] = ["checkout", 500_000_000];
 * const slow = await db.query(
 *   "SELECT count(*) AS n FROM otel_spans_local WHERE service_name = $1 AND duration_ns > $2",
 *   params,
 * );
 * console.log(slow.rows[0]);
 * ```
 */
export type SqlParam =
  | string
  | number
  | boolean
  | null
  | readonly SqlParam[]
  | { readonly [key: string]: SqlParam };

/**
 * A result column: its name and DuckDB's type.
 *
 * @example
 * ```ts
 * import { type Column, db } from "@tidepool/sdk";
 *
 * const columns: Column[] = (await db.query("SELECT 1 AS n")).columns;
 * console.log(columns); // [ { name: "n", type: "INTEGER" } ]
 * ```
 */
export interface Column {
  /** The column's name, as the row objects use it. */
  name: string;
  /** DuckDB's type name. */
  type: string;
}

/**
 * A row: column name to JSON value (see the value mapping in docs/api.md).
 *
 * @example
 * ```ts
 * import { db, type Row } from "@tidepool/sdk";
 *
 * const rows: Row[] = (await db.query("SELECT 'payments' AS service")).rows;
 * console.log(rows[0]?.["service"]);
 * ```
 */
export type Row = Record<string, unknown>;

/**
 * The answer to a query.
 *
 * @example
 * ```ts
 * import { db, type QueryResult } from "@tidepool/sdk";
 *
 * const result: QueryResult<{ n: number }> = await db.query("SELECT range AS n FROM range(3)");
 * console.log(result.count, result.truncated, result.rows.map((r) => r.n));
 * ```
 */
export interface QueryResult<R = Row> {
  /** The columns, in order. */
  columns: Column[];
  /** The rows, at most 10,000 (and 32 MiB). */
  rows: R[];
  /** How many rows came back. */
  count: number;
  /** True when a cap cut the result. */
  truncated: boolean;
}

/**
 * Runs one read-only SQL statement and returns its rows. Values bind to
 * `$1, $2, ...` placeholders in order; never build SQL text from data.
 *
 * A query that fails while DuckDB runs it is a `sql_error` with DuckDB's own
 * message. One whose deadline passes while its rows are being sent arrives as
 * a 200 with an error in the body: this function throws a
 * {@linkcode TidepoolError} for it like for any other failure, so a result it
 * returns is always complete up to `truncated`.
 *
 * @example Requests per service in the last five minutes
 * ```ts
 * import { db } from "@tidepool/sdk";
 *
 * const result = await db.query<{ service_name: string; n: number }>(
 *   `SELECT service_name, count(*) AS n FROM otel_spans_local
 *    WHERE start_time > now() - INTERVAL 5 MINUTE AND http_status >= $1
 *    GROUP BY ALL ORDER BY n DESC`,
 *   [200],
 * );
 * for (const row of result.rows) console.log(row.service_name, row.n);
 * ```
 */
export async function query<R = Row>(
  sql: string,
  params?: readonly SqlParam[],
  options?: RequestOptions,
): Promise<QueryResult<R>> {
  const body = params === undefined ? { sql } : { sql, params };
  const result = await request<QueryResult<R>>("POST", "/db/query", {
    body,
    ...options,
  });
  if (!Array.isArray(result.rows)) {
    throw new TidepoolError(
      200,
      "invalid_response",
      "the answer to /db/query has no rows",
    );
  }
  return result;
}
