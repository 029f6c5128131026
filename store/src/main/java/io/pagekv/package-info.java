/**
 * The public API of pagekv: {@link io.pagekv.Store}, its options, transactions, snapshots,
 * cursors and exceptions. Internal packages ({@code io}, {@code format}, {@code page},
 * {@code btree}, {@code txn}) may import only this package's exception types.
 */
package io.pagekv;
