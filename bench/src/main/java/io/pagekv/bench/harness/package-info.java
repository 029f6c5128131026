/**
 * What every benchmark shares: the data set, loading it, temporary store directories and the
 * footprint figures (bytes on disk, heap) written beside the JMH results. Uses {@code kv}.
 */
package io.pagekv.bench.harness;
