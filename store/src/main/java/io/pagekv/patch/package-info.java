/**
 * In-place patches and atomic counters inside patchable values: finds the value's run, journals
 * a patch through the committer, changes the bytes with the run's stripe held and keeps the
 * run's checksum current. May use {@code txn}, {@code btree}, {@code value}, {@code page},
 * {@code format}, {@code io}, {@code ipc}.
 */
package io.pagekv.patch;
