/**
 * Hands values to other processes: mapped zero-copy regions of segment files and POSIX
 * shared-memory objects, their descriptors, limits, lifetimes and cleanup, and the checks of a
 * consumer that attaches. Uses txn, btree, page, ipc, format and io.
 */
package io.pagekv.export;
