import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { failureOf } from "./_test_helpers.ts";
import { query } from "./db.ts";
import { emit } from "./emit.ts";

Deno.test("an emitted event is stored and readable with SQL", async () => {
  const marker = crypto.randomUUID();
  const receipt = await emit("sdk_test", { marker, n: 3 }, "warning");
  strictEqual(receipt.stored, true);
  strictEqual(receipt.severity, "warning");
  const rows = await query<
    { severity: string; data: { marker: string; n: number } }
  >(
    "SELECT severity, data FROM script_events WHERE name = 'sdk_test' AND data->>'marker' = $1",
    [marker],
  );
  deepStrictEqual(rows.rows, [{ severity: "warning", data: { marker, n: 3 } }]);
});

Deno.test("severity defaults to info and data to {}", async () => {
  const receipt = await emit("sdk_test_defaults");
  strictEqual(receipt.severity, "info");
  ok(!Number.isNaN(Date.parse(receipt.timestamp)));
});

Deno.test("an event without a name is refused", async () => {
  const failure = await failureOf(emit(""));
  strictEqual(failure.status, 400);
  strictEqual(failure.code, "missing_field");
});
