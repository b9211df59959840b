import { ok, strictEqual } from "node:assert/strict";
import { query } from "./traces.ts";

Deno.test("slow requests of a service come newest first", async () => {
  const traces = await query({
    service: "checkout",
    minDuration: "100ms",
    timeRange: "1h",
    limit: 20,
  });
  ok(traces.length > 0 && traces.length <= 20, String(traces.length));
  for (const trace of traces) {
    strictEqual(trace.service_name, "checkout");
    ok(trace.duration_ns >= 100_000_000, String(trace.duration_ns));
  }
  for (let i = 1; i < traces.length; i++) {
    ok(traces[i - 1]!.start_time >= traces[i]!.start_time);
  }
});

Deno.test("without a service every service's requests are searched", async () => {
  const traces = await query({ limit: 200 });
  ok(new Set(traces.map((t) => t.service_name)).size > 1);
});
