/**
 * Runs operators' TypeScript scripts in Deno under a strict sandbox: a script store that survives
 * restarts (its own DuckDB file, out of reach of the scripts' SQL), a Jakarta Concurrency managed
 * executor that runs at most five at once, schedules on Jakarta Concurrency triggers, per-run
 * tokens that attribute SDK requests to their script, and the administration API on the admin port.
 */
package io.tidepool.scripts;
