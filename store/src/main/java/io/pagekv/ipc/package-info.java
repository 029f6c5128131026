/**
 * What processes sharing a store see of each other, through the mapped {@code lock} file: the
 * writer's identity, the shared reader table, and the live counters (written by the writer,
 * {@code StoreCounters}; read from outside, {@code CounterWatch}).
 */
package io.pagekv.ipc;
