/**
 * This host's latest CPU and memory samples.
 *
 * @module
 */

import { request, type RequestOptions } from "./client.ts";

/**
 * CPU utilisation.
 *
 * @example
 * ```ts
 * import { type CpuUsage, system } from "@tidepool/sdk";
 *
 * const cpu: CpuUsage = await system.getCPU();
 * const busy = cpu.usage_percent !== null && cpu.usage_percent > 90;
 * console.log(busy ? "host is busy" : "host has room");
 * ```
 */
export interface CpuUsage {
  /** Percent of all cores busy, 0 to 100; null before the first sample. */
  usage_percent: number | null;
  /** When it was sampled, ISO-8601 in UTC; null before the first sample. */
  timestamp: string | null;
}

/**
 * Memory use.
 *
 * @example
 * ```ts
 * import { type MemoryUsage, system } from "@tidepool/sdk";
 *
 * const memory: MemoryUsage = await system.getMemory();
 * console.log(`${memory.usage_percent?.toFixed(1)}% of ${memory.total} bytes`);
 * ```
 */
export interface MemoryUsage {
  /** Bytes in use; null before the first sample. */
  used: number | null;
  /** Bytes in all; null before the first sample. */
  total: number | null;
  /** `used` as a percentage of `total`. */
  usage_percent: number | null;
  /** When it was sampled, ISO-8601 in UTC; null before the first sample. */
  timestamp: string | null;
}

/**
 * The latest CPU utilisation of this host.
 *
 * @example
 * ```ts
 * import { system } from "@tidepool/sdk";
 *
 * const cpu = await system.getCPU();
 * console.log(`CPU ${cpu.usage_percent?.toFixed(1) ?? "unknown"}%`);
 * ```
 */
export async function getCPU(options: RequestOptions = {}): Promise<CpuUsage> {
  return await request<CpuUsage>("GET", "/system/cpu", options);
}

/**
 * The latest memory use of this host.
 *
 * @example
 * ```ts
 * import { system } from "@tidepool/sdk";
 *
 * const memory = await system.getMemory();
 * if (memory.used !== null && memory.total !== null) {
 *   console.log(`memory ${(memory.used / memory.total * 100).toFixed(1)}% used`);
 * }
 * ```
 */
export async function getMemory(
  options: RequestOptions = {},
): Promise<MemoryUsage> {
  return await request<MemoryUsage>("GET", "/system/memory", options);
}
