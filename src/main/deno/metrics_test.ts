import { ok, strictEqual } from "node:assert/strict";
import { failureOf } from "./_test_helpers.ts";
import {
  errorRate,
  getErrorRate,
  getPercentile,
  percentile,
} from "./metrics.ts";

Deno.test("a percentile of a busy service is a number of nanoseconds", async () => {
  const p99 = await getPercentile("payments", "duration", 0.99);
  ok(typeof p99 === "number" && p99 > 0, String(p99));
  const p50 = await getPercentile("payments", "duration", 0.5);
  ok(p50 !== null && p50 <= p99, `${p50} <= ${p99}`);
});

Deno.test("the seed's two-argument form means the request latency", async () => {
  const seed = await getPercentile("payments", 0.9, { window: "1h" });
  const full = await percentile("payments", "duration", 0.9, { window: "1h" });
  ok(seed !== null && full.value !== null);
  strictEqual(full.unit, "ns");
  strictEqual(full.service, "payments");
  strictEqual(full.window, "1h");
  ok(full.count > 0);
});

Deno.test("a service without traffic has no percentile and no error rate", async () => {
  strictEqual(await getPercentile("no-such-service", "duration", 0.99), null);
  strictEqual(await getErrorRate("no-such-service"), null);
  const rate = await errorRate("no-such-service", { window: "5m" });
  strictEqual(rate.count, 0);
});

Deno.test("an error rate is a share between 0 and 1", async () => {
  const rate = await getErrorRate("payments", "5m");
  ok(rate !== null && rate >= 0 && rate <= 1, String(rate));
  const full = await errorRate("payments", { window: "5m" });
  ok(full.errors <= full.count);
});

Deno.test("a bad parameter is the server's 400", async () => {
  const quantile = await failureOf(getPercentile("payments", "duration", 1.5));
  strictEqual(quantile.status, 400);
  strictEqual(quantile.code, "invalid_parameter");
  const window = await failureOf(
    getPercentile("payments", "duration", 0.5, { window: "forever" }),
  );
  strictEqual(window.code, "invalid_parameter");
  ok(window.message.includes("forever"), window.message);
});
