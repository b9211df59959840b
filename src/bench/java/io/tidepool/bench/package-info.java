/**
 * The benchmark tool ({@code mvn -Pbench verify}, docs/benchmarks.md): builds a realistic
 * 1,000,000-span dataset, measures each query class in-process over JDBC (the floor) and through
 * a running Tidepool over HTTP from a separate JVM, and writes the tables with their ratios.
 * Not a test: nothing here asserts, it measures.
 */
package io.tidepool.bench;
