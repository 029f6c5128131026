package io.pagekv;

import io.pagekv.format.PageLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pages are written whole: the gaps between slots and cells, the tails of overflow runs and the
 * reserved bytes of commit records are zeros, never leftovers of earlier transactions. So a
 * deleted value's bytes appear in no page written after the delete.
 */
class DeletedBytesTest
{
    private static final byte[] SECRET = "SECRET-7f3a9c-SECRET".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void deletedValuesLeaveNoTraceInLaterPages() throws Exception
    {
        final long deletedIn;
        try (Store store = Store.open(dir, StoreOptions.defaults().withDurability(Durability.ASYNC)))
        {
            final Random random = new Random(5);
            try (WriteTxn txn = store.beginWrite())
            {
                for (int i = 0; i < 300; i++)
                {
                    txn.put(("k" + i).getBytes(), secretValue(i % 3 == 0 ? 9000 : 150));
                }
                txn.commit();
            }
            try (WriteTxn txn = store.beginWrite())
            {
                for (int i = 0; i < 300; i++)
                {
                    txn.delete(("k" + i).getBytes());
                }
                txn.commit();
            }
            deletedIn = store.info().lastTxnId();
            for (int t = 0; t < 20; t++)
            {
                try (WriteTxn txn = store.beginWrite())
                {
                    for (int i = 0; i < 50; i++)
                    {
                        final byte[] value = new byte[random.nextInt(3) == 0 ? 5000 : 80];
                        txn.put(("n" + random.nextInt(400)).getBytes(), value);
                    }
                    txn.commit();
                }
            }
        }
        final byte[] segment = Files.readAllBytes(dir.resolve("seg-000000"));
        final ByteBuffer pages = ByteBuffer.wrap(segment).order(ByteOrder.LITTLE_ENDIAN);
        int laterPages = 0;
        boolean sawSecretBefore = false;
        int length;
        for (int page = 1; page * 4096 < segment.length; page += length / 4096)
        {
            final int at = page * 4096;
            length = segment[at] == 3 ? pages.getInt(at + PageLayout.AUX1_OFFSET) * 4096 : 4096;
            if (segment[at] == 0)
            {
                continue;
            }
            final long txn = pages.getLong(at + PageLayout.TXN_ID_OFFSET);
            final boolean hasSecret = contains(segment, at, Math.min(length, segment.length - at));
            if (txn > deletedIn)
            {
                laterPages++;
                assertFalse(hasSecret, "page " + page + " of txn " + txn + " holds bytes of a value deleted in txn " + deletedIn);
            }
            else
            {
                sawSecretBefore |= hasSecret;
            }
        }
        assertTrue(sawSecretBefore, "the test's secret must be in the pages written before the delete");
        assertTrue(laterPages > 20, "later transactions wrote only " + laterPages + " pages");
    }

    private static byte[] secretValue(final int length)
    {
        final byte[] value = new byte[length];
        for (int i = 0; i < length; i++)
        {
            value[i] = SECRET[i % SECRET.length];
        }
        return value;
    }

    private static boolean contains(final byte[] data, final int from, final int length)
    {
        outer:
        for (int i = from; i <= from + length - SECRET.length; i++)
        {
            for (int j = 0; j < SECRET.length; j++)
            {
                if (data[i + j] != SECRET[j])
                {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
