package io.pagekv;

import java.nio.file.Path;

/**
 * A store's files prove that committed history is missing: the commit the newest checkpoint
 * names is gone or damaged, or commits with higher txn ids lie beyond a break in the log. A crash
 * cannot cause either (see {@code docs/durability.md}, "Torn tail or damage"), so the store is
 * refused instead of being opened as a shorter history. Nothing was changed by the attempt.
 *
 * <p>To proceed, open it with {@link StoreOptions#withDamagePolicy} set to
 * {@link DamagePolicy#OPEN_READ_ONLY_AT_LAST_GOOD} (read what is left), salvage it with
 * {@link Store#salvage} ({@code pagekv recover}), or discard the commits beyond the damage with
 * {@link DamagePolicy#TRUNCATE_TO_LAST_GOOD}.
 */
public class DamagedHistoryException extends CorruptStoreException
{
    private static final long serialVersionUID = 1L;

    private final long lastGoodTxn;
    private final long firstTxnBeyond;
    private final long lastTxnBeyond;

    /**
     * @param file           the file where history breaks (or the missing file).
     * @param page           the page index there, or {@link #UNKNOWN}.
     * @param offset         the byte offset there, or {@link #UNKNOWN}.
     * @param what           what is missing and what proves it.
     * @param lastGoodTxn    the last commit that can be read, or {@link #UNKNOWN}.
     * @param firstTxnBeyond the lowest txn id known to lie beyond the break.
     * @param lastTxnBeyond  the highest txn id known to lie beyond the break.
     */
    public DamagedHistoryException(
        final Path file, final long page, final long offset, final String what, final long lastGoodTxn,
        final long firstTxnBeyond, final long lastTxnBeyond)
    {
        super(file, page, offset, what);
        this.lastGoodTxn = lastGoodTxn;
        this.firstTxnBeyond = firstTxnBeyond;
        this.lastTxnBeyond = lastTxnBeyond;
    }

    /**
     * @return the newest commit that can still be read (where a damage policy opens), or
     * {@link #UNKNOWN} if none is known.
     */
    public long lastGoodTxn()
    {
        return lastGoodTxn;
    }

    /**
     * @return the lowest txn id that is known to have been committed beyond the break.
     */
    public long firstTxnBeyond()
    {
        return firstTxnBeyond;
    }

    /**
     * @return the highest txn id that is known to have been committed beyond the break.
     */
    public long lastTxnBeyond()
    {
        return lastTxnBeyond;
    }
}
