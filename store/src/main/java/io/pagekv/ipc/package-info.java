/**
 * What processes sharing a store see of each other, through the mapped {@code lock} file: the
 * writer's identity today; the reader table and live counters go here.
 */
package io.pagekv.ipc;
