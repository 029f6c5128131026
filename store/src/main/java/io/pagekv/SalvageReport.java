package io.pagekv;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Store#salvage} copied from a damaged store into a new one, and what it could not.
 * Keys are raw bytes; a null bound means "unbounded". Immutable.
 *
 * @param source                  the damaged store (never written).
 * @param target                  the new store.
 * @param baseTxn                 the newest commit that could be read: its tree is the base.
 * @param baseEntries             entries that commit's record counts.
 * @param entriesFromBase         entries written from the base tree.
 * @param entriesFromLaterCommits entries written from intact leaf pages of commits beyond the damage.
 * @param entriesWritten          entries in the new store.
 * @param baseEntriesUnread       entries of the base that could not be read (a damaged page or
 *                                value): {@code baseEntries} minus the entries read from it.
 * @param parts                   which commit each part of the new store comes from.
 * @param losses                  every page (and value) that could not be read, with its key range.
 * @param damage                  why a normal open refuses the source, or null if it does not.
 */
public record SalvageReport(
    Path source, Path target, long baseTxn, long baseEntries, long entriesFromBase, long entriesFromLaterCommits,
    long entriesWritten, long baseEntriesUnread, List<Part> parts, List<Loss> losses, CorruptStoreException damage)
{
    /**
     * Entries that came from one commit.
     *
     * @param txnId    the commit.
     * @param firstKey the lowest key taken from it (null for the whole base tree).
     * @param lastKey  the highest key taken from it (null for the whole base tree).
     * @param entries  entries written from it.
     * @param base     whether this is the base tree (else intact leaves of a later commit).
     */
    public record Part(long txnId, byte[] firstKey, byte[] lastKey, long entries, boolean base)
    {
        @Override
        public boolean equals(final Object other)
        {
            return other instanceof Part p && txnId == p.txnId && entries == p.entries && base == p.base &&
                Arrays.equals(firstKey, p.firstKey) && Arrays.equals(lastKey, p.lastKey);
        }

        @Override
        public int hashCode()
        {
            return Objects.hash(txnId, entries, base, Arrays.hashCode(firstKey), Arrays.hashCode(lastKey));
        }

        @Override
        public String toString()
        {
            return (base ? "base" : "later") + " txn " + txnId + ": " + entries + " entries, keys " + hex(firstKey) + ".." + hex(lastKey);
        }
    }

    /**
     * A page or value that could not be read.
     *
     * @param file    the file that should hold it.
     * @param page    its page index in that file.
     * @param fromKey the lowest key it could have held (inclusive), or null.
     * @param toKey   the key its range ends before (exclusive), or null.
     * @param txnId   the commit it belonged to.
     * @param why     what is wrong with it.
     */
    public record Loss(Path file, long page, byte[] fromKey, byte[] toKey, long txnId, String why)
    {
        @Override
        public boolean equals(final Object other)
        {
            return other instanceof Loss l && page == l.page && txnId == l.txnId && Objects.equals(file, l.file) &&
                Objects.equals(why, l.why) && Arrays.equals(fromKey, l.fromKey) && Arrays.equals(toKey, l.toKey);
        }

        @Override
        public int hashCode()
        {
            return Objects.hash(file, page, txnId, why, Arrays.hashCode(fromKey), Arrays.hashCode(toKey));
        }

        @Override
        public String toString()
        {
            return "page " + page + " in " + file + " (txn " + txnId + "), keys " + hex(fromKey) + ".." + hex(toKey) + ": " + why;
        }
    }

    /**
     * @return a key in hex, {@code *} for an unbounded end.
     */
    private static String hex(final byte[] key)
    {
        return key == null ? "*" : HexFormat.of().formatHex(key);
    }

    /**
     * @return whether everything the base commit held was read and nothing was lost.
     */
    public boolean isComplete()
    {
        return losses.isEmpty() && baseEntriesUnread == 0 && damage == null;
    }
}
