/**
 * Turns a JMH JSON result file and the footprint log into {@code docs/benchmarks.md} and its
 * SVG chart. Uses {@code kv} and {@code harness} for engine names and data-set sizes; only the JDK
 * otherwise, so it runs anywhere the benchmarks do.
 */
package io.pagekv.bench.report;
