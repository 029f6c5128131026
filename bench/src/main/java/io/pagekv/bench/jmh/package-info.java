/**
 * The JMH benchmarks: one class per workload, each parameterized by engine, plus the two
 * machine limits. Uses {@code harness}, {@code kv} and {@code limit}.
 */
package io.pagekv.bench.jmh;
