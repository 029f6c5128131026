package io.pagekv.kafka;

import java.util.Arrays;

import org.apache.kafka.common.utils.Bytes;

/**
 * A range of Kafka keys, as the store's reads ask for it: from a first key (inclusive) to a last
 * key, inclusive for {@code range} and exclusive for a prefix's successor; a null bound is open.
 *
 * <p>Kafka keys are stored behind one {@link #DATA} byte, so that the empty key Kafka allows
 * (pagekv refuses empty keys) has a place, and unsigned order is kept: the stored key of {@code k}
 * is {@code DATA ++ k}.
 *
 * @param from        first key, inclusive; null for the first key of the store.
 * @param to          last key; null for the last key of the store.
 * @param toInclusive whether {@code to} itself is in the range.
 */
record KeyRange(Bytes from, Bytes to, boolean toInclusive)
{
    /** The byte in front of every stored Kafka key. */
    static final byte DATA = 0x00;

    /** Every key. */
    static final KeyRange ALL = new KeyRange(null, null, true);

    /**
     * @param from first key, inclusive; null for open.
     * @param to   last key, inclusive; null for open.
     * @return the range {@code [from, to]}.
     */
    static KeyRange closed(final Bytes from, final Bytes to)
    {
        return new KeyRange(from, to, true);
    }

    /**
     * @param prefix the bytes every key of the range starts with.
     * @return the keys that start with {@code prefix}.
     */
    static KeyRange prefix(final byte[] prefix)
    {
        final byte[] next = successor(prefix);
        return new KeyRange(Bytes.wrap(prefix), next == null ? null : Bytes.wrap(next), false);
    }

    /**
     * @return whether no key can be in the range because {@code from} sorts after {@code to}.
     */
    boolean isInverted()
    {
        return from != null && to != null && (toInclusive ? from.compareTo(to) > 0 : from.compareTo(to) >= 0);
    }

    /**
     * @return the first stored key of the range, inclusive, for {@code Snapshot.range}.
     */
    byte[] storedFrom()
    {
        return from == null ? new byte[] {DATA} : stored(from.get());
    }

    /**
     * @return the stored key just past the range, exclusive, for {@code Snapshot.range}.
     */
    byte[] storedTo()
    {
        if (to == null)
        {
            return new byte[] {DATA + 1};
        }
        final byte[] end = stored(to.get());
        // The smallest key greater than "to" is "to" followed by a zero byte.
        return toInclusive ? Arrays.copyOf(end, end.length + 1) : end;
    }

    /**
     * @param key a Kafka key.
     * @return the key as pagekv stores it.
     */
    static byte[] stored(final byte[] key)
    {
        final byte[] stored = new byte[key.length + 1];
        stored[0] = DATA;
        System.arraycopy(key, 0, stored, 1, key.length);
        return stored;
    }

    /**
     * @param stored a key as pagekv stores it.
     * @return the Kafka key.
     */
    static Bytes kafkaKey(final byte[] stored)
    {
        return Bytes.wrap(Arrays.copyOfRange(stored, 1, stored.length));
    }

    private static byte[] successor(final byte[] prefix)
    {
        for (int i = prefix.length - 1; i >= 0; i--)
        {
            if (prefix[i] != (byte)0xFF)
            {
                final byte[] next = Arrays.copyOf(prefix, i + 1);
                next[i]++;
                return next;
            }
        }
        return null;
    }
}
