/**
 * The benchmark tool ({@code mvn -Pbench verify}, docs/benchmarks.md): builds a realistic
 * 1,000,000-span dataset, measures each query class in-process over JDBC (the floor), then loads a
 * running Tidepool from a separate JVM with a client that writes each request in one piece on a
 * keep-alive socket, and through the SDK in Deno (src/bench/deno), and writes the tables with each
 * measurement beside its target from issues 10 and 11. Not a test: nothing here asserts, it measures.
 */
package io.tidepool.bench;
