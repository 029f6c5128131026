/**
 * Values for the value benchmarks: compressible JSON-like documents. Uses nothing else of the bench.
 */
package io.pagekv.bench.values;
