// Runs against a real Tidepool server: TIDEPOOL_SDK_URL points at its SDK API
// (SdkIT passes it, with --allow-net for that address only).
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { failureOf, withConfig } from "./_test_helpers.ts";
import {
  configure,
  currentConfig,
  DEFAULT_BASE_URL,
  DEFAULT_TIMEOUT_MS,
  request,
} from "./client.ts";
import { query } from "./db.ts";

const sdkUrl = Deno.env.get("TIDEPOOL_SDK_URL") ?? DEFAULT_BASE_URL;

Deno.test("the environment's address is used unless configure() overrides it", () => {
  configure({});
  strictEqual(currentConfig().baseUrl, sdkUrl);
  strictEqual(currentConfig().timeoutMs, DEFAULT_TIMEOUT_MS);
  configure({ baseUrl: "http://127.0.0.1:1", token: "t", timeoutMs: 5 });
  deepStrictEqual(currentConfig(), {
    baseUrl: "http://127.0.0.1:1",
    token: "t",
    timeoutMs: 5,
  });
  configure({});
  strictEqual(currentConfig().baseUrl, sdkUrl);
});

Deno.test("the run token is sent as a bearer token", async () => {
  const failure = await withConfig(
    { token: "not-a-token-of-any-run" },
    () => failureOf(request("GET", "/health")),
  );
  strictEqual(failure.status, 401);
  strictEqual(failure.code, "invalid_token");
  ok(failure.message.includes("its run has ended"), failure.message);
});

Deno.test("a server error carries the status, the code and the server's message", async () => {
  const failure = await failureOf(query("SELECT * FROM no_such_table"));
  strictEqual(failure.name, "TidepoolError");
  strictEqual(failure.status, 400);
  strictEqual(failure.code, "sql_error");
  ok(failure.message.includes("no_such_table"), failure.message);
});

Deno.test("a call that takes longer than its timeout fails with code timeout", async () => {
  const started = Date.now();
  const failure = await failureOf(
    query("SELECT sum(hash(range)) AS h FROM range(100000000000)", [], {
      timeoutMs: 300,
    }),
  );
  const elapsed = Date.now() - started;
  strictEqual(failure.code, "timeout");
  strictEqual(failure.status, 0);
  ok(elapsed >= 300 && elapsed < 3_000, `gave up after ${elapsed} ms`);
});

Deno.test("an unreachable address is a network error", async () => {
  const failure = await withConfig(
    { baseUrl: "http://127.0.0.1:1" },
    () => failureOf(request("GET", "/health")),
  );
  strictEqual(failure.status, 0);
  strictEqual(failure.code, "network_error");
});

Deno.test("an error answer in another shape keeps its status and its text", async () => {
  // Liberty itself refuses a malformed URI, in its own JSON shape, before Tidepool sees it.
  const failure = await failureOf(request("GET", "/%zz"));
  strictEqual(failure.status, 400);
  strictEqual(failure.code, "http_400");
  ok(failure.message.includes("CWWWC0005I"), failure.message);
});
