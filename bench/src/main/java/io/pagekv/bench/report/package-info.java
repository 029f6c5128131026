/**
 * Turns the runs in {@code bench/results/} (each JMH profile's JSON and footprint log, the scale
 * run's log) into the generated part of {@code docs/benchmarks.md} and its SVG charts. Uses
 * {@code kv}, {@code harness} and {@code scale} for engine names, data-set sizes and metric
 * names; only the JDK otherwise, so it runs anywhere the benchmarks do.
 */
package io.pagekv.bench.report;
