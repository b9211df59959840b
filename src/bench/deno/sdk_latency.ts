/**
 * Latency of the SDK as a script sees it: `db.query("SELECT 1")` and the
 * cached helper `system.getCPU()` (`GET /system/cpu`), one call at a time,
 * through Deno's `fetch`. Run by the Java benchmark (io.tidepool.bench.DenoSdkLoad),
 * which reads the one JSON line this prints.
 *
 * Modes:
 * - `cold <seconds>`: right after the server reports ready, the two calls in
 *   turn for `<seconds>`, no warm-up: the cold-start row.
 * - `warm <seconds> <rounds> <window> <tolerance> <max>`: first each call is
 *   warmed until two consecutive `<window>`-second windows' p50 differ by less
 *   than `<tolerance>` (a fraction), for at most `<max>` seconds; then, for
 *   each of `<rounds>` rounds, each call is measured for `<seconds>` in turn
 *   (interleaved, so drift on a shared machine affects both alike).
 *
 * The SDK API's address comes from `TIDEPOOL_SDK_URL`, as in a script run by
 * Tidepool.
 *
 * @module
 */
import { db, system } from "../../main/deno/mod.ts";

/** Percentiles in the shape of the Java side's Stats. */
interface Stats {
  requests: number;
  seconds: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  errors: number;
}

const calls: Record<string, () => Promise<unknown>> = {
  select1: () => db.query("SELECT 1 AS one"),
  helper: () => system.getCPU(),
};

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.ceil(q * sorted.length) - 1;
  return sorted[Math.max(0, Math.min(sorted.length - 1, index))] ?? NaN;
}

function stats(latencies: number[], seconds: number, errors: number): Stats {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requests: sorted.length,
    seconds,
    p50_ms: percentile(sorted, 0.5),
    p95_ms: percentile(sorted, 0.95),
    p99_ms: percentile(sorted, 0.99),
    errors,
  };
}

/** Calls `names` in turn for `seconds`; latencies per name, in milliseconds. */
async function loop(
  names: string[],
  seconds: number,
): Promise<Record<string, Stats>> {
  const latencies: Record<string, number[]> = {};
  const errors: Record<string, number> = {};
  for (const name of names) {
    latencies[name] = [];
    errors[name] = 0;
  }
  const started = performance.now();
  const end = started + seconds * 1000;
  for (let i = 0; performance.now() < end; i++) {
    const name = names[i % names.length]!;
    const call = calls[name]!;
    const t0 = performance.now();
    try {
      await call();
      latencies[name]!.push(performance.now() - t0);
    } catch {
      errors[name]! += 1;
    }
  }
  const elapsed = (performance.now() - started) / 1000;
  const result: Record<string, Stats> = {};
  for (const name of names) {
    result[name] = stats(latencies[name]!, elapsed, errors[name]!);
  }
  return result;
}

/** The warm-up rule: until two consecutive windows' p50 differ by less than `tolerance`, or `max` seconds. */
async function warm(
  name: string,
  window: number,
  tolerance: number,
  max: number,
): Promise<{ seconds: number; steady: boolean; last_p50_ms: number }> {
  let previous = NaN;
  let spent = 0;
  while (spent + window <= max) {
    const p50 = (await loop([name], window))[name]!.p50_ms;
    spent += window;
    if (Math.abs(p50 - previous) / previous < tolerance) {
      return { seconds: spent, steady: true, last_p50_ms: p50 };
    }
    previous = p50;
  }
  return { seconds: spent, steady: false, last_p50_ms: previous };
}

const [mode, ...args] = Deno.args;
const numbers = args.map(Number);
if (mode === "cold") {
  console.log(
    JSON.stringify({
      cold: await loop(["select1", "helper"], numbers[0] ?? 30),
    }),
  );
} else if (mode === "warm") {
  const [seconds = 5, rounds = 3, window = 2, tolerance = 0.05, max = 60] =
    numbers;
  const warmup: Record<string, unknown> = {};
  const measured: Record<string, Stats[]> = { select1: [], helper: [] };
  for (const name of Object.keys(measured)) {
    warmup[name] = await warm(name, window, tolerance, max);
  }
  for (let round = 0; round < rounds; round++) {
    for (const name of Object.keys(measured)) {
      measured[name]!.push((await loop([name], seconds))[name]!);
    }
  }
  console.log(JSON.stringify({ warmup, rounds: measured }));
} else {
  console.error(
    "usage: sdk_latency.ts cold <seconds> | warm <seconds> <rounds> <window> <tolerance> <max>",
  );
  Deno.exit(2);
}
