// Shared by the *_test.ts files; not part of the SDK (not shipped to scripts).
import { fail } from "node:assert/strict";
import { type ClientConfig, configure, TidepoolError } from "./client.ts";

/** The TidepoolError a call fails with; fails the test if it succeeds or fails otherwise. */
export async function failureOf(
  call: Promise<unknown>,
): Promise<TidepoolError> {
  try {
    await call;
  } catch (e) {
    if (e instanceof TidepoolError) return e;
    throw e;
  }
  fail("expected the call to fail with a TidepoolError");
}

/** Runs a call under a changed configuration, and restores the environment's afterwards. */
export async function withConfig<T>(
  config: Partial<ClientConfig>,
  call: () => Promise<T>,
): Promise<T> {
  configure(config);
  try {
    return await call();
  } finally {
    configure({});
  }
}
