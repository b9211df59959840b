import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { failureOf } from "./_test_helpers.ts";
import { query } from "./db.ts";

Deno.test("rows come back as objects with their columns' types", async () => {
  const result = await query<{ n: number; word: string }>(
    "SELECT 42 AS n, 'tide' AS word",
  );
  deepStrictEqual(result.columns, [
    { name: "n", type: "INTEGER" },
    { name: "word", type: "VARCHAR" },
  ]);
  deepStrictEqual(result.rows, [{ n: 42, word: "tide" }]);
  strictEqual(result.count, 1);
  strictEqual(result.truncated, false);
});

Deno.test("parameters bind in order, of every JSON kind", async () => {
  const result = await query(
    "SELECT $1::VARCHAR AS s, $2::INTEGER AS i, $3::BOOLEAN AS b, $4::VARCHAR AS z, $5::JSON AS j",
    ["a'; DROP TABLE x; --", 7, true, null, { k: [1, 2] }],
  );
  deepStrictEqual(result.rows[0], {
    s: "a'; DROP TABLE x; --",
    i: 7,
    b: true,
    z: null,
    j: { k: [1, 2] },
  });
});

Deno.test("live telemetry is there to query", async () => {
  const result = await query<{ n: number }>(
    "SELECT count(*) AS n FROM otel_spans_local WHERE start_time > now() - INTERVAL 5 MINUTE",
  );
  ok((result.rows[0]?.n ?? 0) > 0, JSON.stringify(result.rows));
});

Deno.test("a write is refused with 403", async () => {
  const failure = await failureOf(query("DELETE FROM otel_spans_local"));
  strictEqual(failure.status, 403);
  strictEqual(failure.code, "statement_not_allowed");
});

Deno.test("a result capped at 10,000 rows says it is truncated", async () => {
  const result = await query("SELECT range AS n FROM range(20000)");
  strictEqual(result.count, 10_000);
  strictEqual(result.rows.length, 10_000);
  strictEqual(result.truncated, true);
});

Deno.test("a query that fails in a late row answers with DuckDB's own message", async () => {
  // The server has DuckDB compute the capped result before the first byte is sent, so a failure
  // in any row, here the 8,001st, is a 400 with the engine's text rather than a short result.
  const failure = await failureOf(query(
    `SELECT range AS n, CASE WHEN range = 8000 THEN error('late failure') END AS e
     FROM range(10000000)`,
  ));
  strictEqual(failure.status, 400);
  strictEqual(failure.code, "sql_error");
  ok(
    failure.message.endsWith("Invalid Input Error: late failure"),
    failure.message,
  );
});
