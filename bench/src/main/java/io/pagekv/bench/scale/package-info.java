/**
 * The scale run ({@code bench/run.sh scale}): one store per JVM, loaded once, then read,
 * scanned and reopened, with its time, disk and heap at each size logged beside the JMH
 * results. Uses {@code kv} and {@code harness}.
 */
package io.pagekv.bench.scale;
