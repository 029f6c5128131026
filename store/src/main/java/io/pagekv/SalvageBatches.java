package io.pagekv;

import org.agrona.DirectBuffer;

/**
 * Writes salvaged entries into a new store in transactions of bounded size, so that a salvage
 * of any size never holds one huge transaction in memory. Writer thread only.
 */
final class SalvageBatches implements AutoCloseable
{
    private static final int MAX_ENTRIES = 10_000;
    private static final long MAX_BYTES = 16L << 20;

    private final Store store;
    private WriteTxn txn;
    private int entries;
    private long bytes;

    SalvageBatches(final Store store)
    {
        this.store = store;
    }

    /**
     * @param key       the key.
     * @param value     the value.
     * @param patchable whether the source held it in a patchable run: it is put so again, so that
     *                  patches and counters keep working on the salvaged store.
     */
    void put(final DirectBuffer key, final DirectBuffer value, final boolean patchable)
    {
        if (txn == null)
        {
            txn = store.beginWrite();
        }
        if (patchable)
        {
            txn.putPatchable(Bytes.copy(key), Bytes.copy(value));
        }
        else
        {
            txn.put(key, value);
        }
        entries++;
        bytes += key.capacity() + value.capacity();
        if (entries >= MAX_ENTRIES || bytes >= MAX_BYTES)
        {
            commit();
        }
    }

    private void commit()
    {
        txn.commit();
        txn.close();
        txn = null;
        entries = 0;
        bytes = 0;
    }

    /**
     * Commits what is left.
     */
    void finish()
    {
        if (txn != null)
        {
            commit();
        }
    }

    /**
     * Aborts an unfinished batch (after a failure).
     */
    @Override
    public void close()
    {
        if (txn != null)
        {
            txn.close();
            txn = null;
        }
    }
}
