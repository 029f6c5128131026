/**
 * Commits and their recovery: the commit log appended to segments, the superblock slots of the
 * {@code meta} file, the walk that finds the last valid commit on open, and the writer lock.
 * Uses {@code btree}, {@code page}, {@code format}, {@code io} and the exception types of
 * {@code io.pagekv}.
 */
package io.pagekv.txn;
