package io.pagekv;

import io.pagekv.txn.OnDamage;

/**
 * What opening a store does when its files prove that committed history is missing
 * ({@link DamagedHistoryException}). A torn tail left by a crash or a power loss is not damage:
 * every policy opens it at its last valid commit, as the durability contract says.
 */
public enum DamagePolicy
{
    /** Refuse with {@link DamagedHistoryException}; nothing is changed. The default. */
    REFUSE,
    /**
     * Open read-only at the last commit that can be read, also when a writable open was asked;
     * nothing is changed and the damage stays in {@link Store#verify()}'s report.
     */
    OPEN_READ_ONLY_AT_LAST_GOOD,
    /**
     * A writable open continues from the last commit that can be read: the later segment files
     * are deleted and the next commits overwrite what lies beyond the break. The commits beyond
     * are lost for good. A read-only open behaves as {@link #OPEN_READ_ONLY_AT_LAST_GOOD}.
     */
    TRUNCATE_TO_LAST_GOOD;

    /**
     * @return the engine's name for this policy.
     */
    OnDamage onDamage()
    {
        return switch (this)
        {
            case REFUSE -> OnDamage.REFUSE;
            case OPEN_READ_ONLY_AT_LAST_GOOD -> OnDamage.OPEN_READ_ONLY;
            case TRUNCATE_TO_LAST_GOOD -> OnDamage.TRUNCATE;
        };
    }
}
