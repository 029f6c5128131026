package io.pagekv;

import org.agrona.DirectBuffer;

import java.util.Arrays;

/**
 * Puts and deletes that {@link Store#write(WriteBatch)} applies as one transaction: all of them
 * or none, as if in the order they were added (a later change of a key wins; the store applies
 * them in key order, which gives the same result faster). A batch reads nothing, so
 * the store can apply the batches of several threads in one commit and one force (group commit,
 * {@code docs/architecture.md} decision 66); use a {@link WriteTxn} to read and write in one
 * transaction.
 *
 * <p>Keys and values are copied when added; a batch can be written again or cleared and reused.
 * Sizes are checked against the store when it is written. Not thread-safe.
 */
public final class WriteBatch
{
    private static final int INITIAL_CAPACITY = 4;

    private byte[][] keys = new byte[INITIAL_CAPACITY][];
    /** Null where the change is a delete. */
    private byte[][] values = new byte[INITIAL_CAPACITY][];
    private int size;
    private long valueBytes;

    /**
     * Adds a put: inserts or replaces an entry.
     *
     * @param key   the key; copied.
     * @param value the value; copied.
     * @return this batch.
     */
    public WriteBatch put(final byte[] key, final byte[] value)
    {
        Bytes.nonNull(key, "key");
        Bytes.nonNull(value, "value");
        return add(key.clone(), value.clone());
    }

    /**
     * Adds a put: inserts or replaces an entry.
     *
     * @param key   the key: all of the buffer's capacity; copied.
     * @param value the value: all of the buffer's capacity; copied.
     * @return this batch.
     */
    public WriteBatch put(final DirectBuffer key, final DirectBuffer value)
    {
        if (key == null || value == null)
        {
            throw new IllegalArgumentException((key == null ? "key" : "value") + " is null");
        }
        return add(Bytes.copy(key), Bytes.copy(value));
    }

    /**
     * Adds a delete; deleting an absent key is no change.
     *
     * @param key the key; copied.
     * @return this batch.
     */
    public WriteBatch delete(final byte[] key)
    {
        Bytes.nonNull(key, "key");
        return add(key.clone(), null);
    }

    /**
     * Adds a delete; deleting an absent key is no change.
     *
     * @param key the key: all of the buffer's capacity; copied.
     * @return this batch.
     */
    public WriteBatch delete(final DirectBuffer key)
    {
        return add(Bytes.copy(key), null);
    }

    /**
     * @return the changes added since the batch was made or cleared.
     */
    public int size()
    {
        return size;
    }

    /**
     * @return whether no change was added.
     */
    public boolean isEmpty()
    {
        return size == 0;
    }

    /**
     * Removes every change, to reuse the batch.
     */
    public void clear()
    {
        Arrays.fill(keys, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
        valueBytes = 0;
    }

    /**
     * @return the changes as they are now, for a write: later additions to this batch do not change them.
     */
    Changes changes()
    {
        return new Changes(Arrays.copyOf(keys, size), Arrays.copyOf(values, size), valueBytes);
    }

    private WriteBatch add(final byte[] key, final byte[] value)
    {
        if (size == keys.length)
        {
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        keys[size] = key;
        values[size] = value;
        size++;
        if (value != null)
        {
            valueBytes += value.length;
        }
        return this;
    }

    /**
     * The changes of one write, owned by it: the arrays are the batch's copies, never changed after.
     *
     * @param keys       the keys, in the order added.
     * @param values     the values; null for a delete.
     * @param valueBytes the values' bytes.
     */
    record Changes(byte[][] keys, byte[][] values, long valueBytes)
    {
        int size()
        {
            return keys.length;
        }
    }
}
