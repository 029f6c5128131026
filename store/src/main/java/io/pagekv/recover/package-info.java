/**
 * Salvage of a damaged store: reads every page that proves itself intact (type, own id, CRC) and
 * hands the entries it can place to a sink, with a report of what was lost. Never writes to the
 * source. Uses {@code txn}, {@code btree}, {@code page}, {@code format}, {@code io}, the exception
 * types of {@code io.pagekv} and the {@code SalvageReport} it fills.
 */
package io.pagekv.recover;
