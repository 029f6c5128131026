package io.pagekv.cli;

import io.pagekv.Store;
import io.pagekv.WriteTxn;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

/**
 * The sample data set of {@code pagekv demo}, the same on every run: 100,000 user profiles as
 * JSON, 20,000 orders, 1,000 sessions under binary keys, one empty value and three large values
 * (1, 3 and 6 MiB) that go to overflow pages.
 */
final class DemoData
{
    /** User profiles, keys {@code user:000000} to {@code user:099999}. */
    static final int USERS = 100_000;
    /** Orders, keys {@code order:00000000} up. */
    static final int ORDERS = 20_000;
    /** Sessions, keys {@code session:} and 8 random bytes. */
    static final int SESSIONS = 1_000;
    /** Entries per commit. */
    static final int BATCH = 10_000;
    /** Names of the large values, and their sizes. */
    static final String[] BLOBS = {"blob:avatar-atlas.png", "blob:quarterly-report.pdf", "blob:backup-2024-q4.tar"};
    static final int[] BLOB_SIZES = {1 << 20, 3 << 20, 6 << 20};
    /** The key with an empty value. */
    static final String EMPTY = "flag:maintenance";

    private static final String[] FIRST = {"Ada", "Alan", "Barbara", "Claude", "Donald", "Edsger", "Frances", "Grace", "John",
        "Katherine", "Leslie", "Margaret", "Niklaus", "Radia", "Tim", "Tony"};
    private static final String[] LAST = {"Lovelace", "Turing", "Liskov", "Shannon", "Knuth", "Dijkstra", "Allen", "Hopper",
        "Backus", "Johnson", "Lamport", "Hamilton", "Wirth", "Perlman", "Berners-Lee", "Hoare"};
    private static final String[] COUNTRIES = {"GB", "US", "DE", "FR", "NL", "CH", "IN", "JP", "BR", "CA"};
    private static final String[] PLANS = {"free", "free", "free", "pro", "team"};
    private static final String[] STATUS = {"paid", "shipped", "delivered", "returned"};

    /**
     * What was written.
     *
     * @param entries    entries put.
     * @param valueBytes bytes of all values.
     * @param commits    commits made.
     * @param sessionKey one of the binary session keys.
     */
    record Written(long entries, long valueBytes, long commits, byte[] sessionKey)
    {
    }

    private DemoData()
    {
    }

    /**
     * @param n a user number.
     * @return its key.
     */
    static byte[] userKey(final int n)
    {
        return ascii(String.format(Locale.ROOT, "user:%06d", n));
    }

    /**
     * Writes the whole data set in commits of {@link #BATCH} entries.
     *
     * @param store    an open, writable store.
     * @param progress told how many entries are done.
     * @return what was written.
     */
    static Written write(final Store store, final Progress progress)
    {
        final Random random = new Random(42);
        try (Batches batches = new Batches(store, progress))
        {
            return write(random, batches);
        }
    }

    private static Written write(final Random random, final Batches batches)
    {
        for (int n = 0; n < USERS; n++)
        {
            final String first = FIRST[random.nextInt(FIRST.length)];
            final String last = LAST[random.nextInt(LAST.length)];
            batches.put(userKey(n), ascii(String.format(Locale.ROOT,
                "{\"id\":%d,\"name\":\"%s %s\",\"email\":\"%s.%s%d@example.com\",\"country\":\"%s\",\"plan\":\"%s\",\"signup\":\"2024-%02d-%02d\"}",
                n, first, last, first.toLowerCase(Locale.ROOT), last.toLowerCase(Locale.ROOT), n,
                COUNTRIES[random.nextInt(COUNTRIES.length)], PLANS[random.nextInt(PLANS.length)], 1 + random.nextInt(12), 1 + random.nextInt(28))));
        }
        for (int n = 0; n < ORDERS; n++)
        {
            batches.put(ascii(String.format(Locale.ROOT, "order:%08d", n)), ascii(String.format(Locale.ROOT,
                "{\"user\":\"user:%06d\",\"items\":%d,\"total\":\"%d.%02d\",\"status\":\"%s\"}",
                random.nextInt(USERS), 1 + random.nextInt(5), 5 + random.nextInt(400), random.nextInt(100), STATUS[random.nextInt(STATUS.length)])));
        }
        byte[] sessionKey = null;
        for (int n = 0; n < SESSIONS; n++)
        {
            final byte[] key = new byte[8 + 8];
            System.arraycopy(ascii("session:"), 0, key, 0, 8);
            final byte[] id = new byte[8];
            random.nextBytes(id);
            System.arraycopy(id, 0, key, 8, 8);
            sessionKey = sessionKey == null ? key : sessionKey;
            batches.put(key, userKey(random.nextInt(USERS)));
        }
        batches.put(ascii(EMPTY), new byte[0]);
        for (int i = 0; i < BLOBS.length; i++)
        {
            final byte[] blob = new byte[BLOB_SIZES[i]];
            random.nextBytes(blob);
            batches.put(ascii(BLOBS[i]), blob);
        }
        batches.commit();
        return new Written(batches.entries, batches.valueBytes, batches.commits, sessionKey);
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Puts entries into a write transaction and commits every {@link #BATCH} entries; closing aborts an open one. */
    private static final class Batches implements AutoCloseable
    {
        private final Store store;
        private final Progress progress;
        private WriteTxn txn;
        private long entries;
        private long valueBytes;
        private long commits;

        Batches(final Store store, final Progress progress)
        {
            this.store = store;
            this.progress = progress;
        }

        void put(final byte[] key, final byte[] value)
        {
            if (txn == null)
            {
                txn = store.beginWrite();
            }
            txn.put(key, value);
            valueBytes += value.length;
            if (++entries % BATCH == 0)
            {
                commit();
            }
            else if ((entries & 1023) == 0)
            {
                progress.update(entries);
            }
        }

        void commit()
        {
            if (txn != null)
            {
                txn.commit();
                txn = null;
                commits++;
                progress.update(entries);
            }
        }

        @Override
        public void close()
        {
            if (txn != null)
            {
                txn.abort();
            }
        }
    }
}
