/**
 * The copy-on-write B+tree: reading and walking committed pages in place, and the dirty nodes of
 * a write transaction that are written out as new pages at commit. Uses {@code value},
 * {@code page}, {@code format} and the exception types of {@code io.pagekv}; knows nothing of
 * commit records.
 */
package io.pagekv.btree;
