import { ok } from "node:assert/strict";
import { getCPU, getMemory } from "./system.ts";

Deno.test("the host's CPU is a percentage", async () => {
  const cpu = await getCPU();
  ok(
    cpu.usage_percent !== null && cpu.usage_percent >= 0 &&
      cpu.usage_percent <= 100,
  );
  ok(cpu.timestamp !== null && !Number.isNaN(Date.parse(cpu.timestamp)));
});

Deno.test("the host's memory has used and total bytes", async () => {
  const memory = await getMemory({ timeoutMs: 10_000 });
  ok(
    memory.used !== null && memory.total !== null &&
      memory.used <= memory.total,
  );
});
