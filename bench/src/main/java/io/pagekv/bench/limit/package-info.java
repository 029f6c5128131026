/**
 * What this machine allows at most, measured without any store: random reads of values from a
 * memory-mapped file, and forced 4 KiB writes. Uses {@code kv} for the value digest.
 */
package io.pagekv.bench.limit;
