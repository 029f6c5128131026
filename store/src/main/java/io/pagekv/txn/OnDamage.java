package io.pagekv.txn;

/**
 * How recovery answers proof that committed history is missing (the public
 * {@code DamagePolicy}, mapped by {@code Store}).
 */
public enum OnDamage
{
    /** Throw the {@code DamagedHistoryException}. */
    REFUSE,
    /** Open read-only at the last good commit, reporting the damage as an open warning. */
    OPEN_READ_ONLY,
    /** Open at the last good commit; a writable open then truncates what lies beyond. */
    TRUNCATE
}
