package io.pagekv;

import io.pagekv.format.FormatVersion;
import io.pagekv.format.SuperblockLayout;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Builds stores with a known history and damages copies of them: for the damaged-history tests
 * and the salvage tests.
 */
public final class DamageFixtures
{
    private DamageFixtures()
    {
    }

    /**
     * Creates a store, writes {@code commits} transactions and closes it.
     *
     * @return the last txn id.
     */
    public static long write(final Path dir, final StoreOptions options, final int commits, final Random random,
        final List<NavigableMap<byte[], byte[]>> history)
    {
        try (Store store = Store.open(dir, options))
        {
            return write(store, commits, random, history);
        }
    }

    /**
     * Writes {@code commits} transactions of a few puts and deletes, appending the model after
     * each to {@code history} (index = txn id; txn 0 is added when the list is empty).
     *
     * @return the last txn id.
     */
    public static long write(final Store store, final int commits, final Random random, final List<NavigableMap<byte[], byte[]>> history)
    {
        if (history.isEmpty())
        {
            history.add(TestStores.model());
        }
        long txnId = store.info().lastTxnId();
        for (int c = 0; c < commits; c++)
        {
            final NavigableMap<byte[], byte[]> model = TestStores.model();
            model.putAll(history.get(history.size() - 1));
            try (WriteTxn txn = store.beginWrite())
            {
                final int ops = 2 + random.nextInt(8);
                for (int i = 0; i < ops; i++)
                {
                    final byte[] key = String.format("k%04d", random.nextInt(300)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                    if (random.nextInt(6) == 0)
                    {
                        txn.delete(key);
                        model.remove(key);
                    }
                    else
                    {
                        final byte[] value = new byte[random.nextInt(12) == 0 ? 1500 + random.nextInt(6000) : 20 + random.nextInt(400)];
                        random.nextBytes(value);
                        txn.put(key, value);
                        model.put(key, value);
                    }
                }
                txn.commit();
            }
            // A transaction that changed nothing commits nothing and takes no txn id.
            if (store.info().lastTxnId() > txnId)
            {
                txnId = store.info().lastTxnId();
                history.add(model);
            }
        }
        return txnId;
    }

    public static Path segment(final Path dir, final int number)
    {
        return dir.resolve(String.format("seg-%06d", number));
    }

    /** Replaces {@code to} by a copy of the store files of {@code from}. */
    public static void copy(final Path from, final Path to)
    {
        if (Files.exists(to))
        {
            delete(to);
        }
        TestStores.crashImage(from, to);
    }

    /** Deletes a directory tree. */
    public static void delete(final Path dir)
    {
        try (Stream<Path> walk = Files.walk(dir))
        {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @return SHA-256 of every file of the store but the lock file (which a writable open
     * stamps with its pid before it reads anything), by name.
     */
    public static Map<String, String> hash(final Path dir)
    {
        final Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                if (Files.isRegularFile(file) && !file.getFileName().toString().equals("lock"))
                {
                    hashes.put(file.getFileName().toString(),
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
        return hashes;
    }

    public static void truncate(final Path file, final long length) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.setLength(length);
        }
    }

    public static void flipBit(final Path file, final long at, final int bit) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(at);
            final int b = raf.read();
            raf.seek(at);
            raf.write(b ^ (1 << bit));
        }
    }

    public static void zeroSlot(final Path dir, final int slot) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(dir.resolve("meta").toFile(), "rw"))
        {
            raf.seek((long)slot * SuperblockLayout.SLOT_LENGTH);
            raf.write(new byte[SuperblockLayout.SLOT_LENGTH]);
        }
    }

    private static UnsafeBuffer slot(final Path dir, final int slot) throws IOException
    {
        final byte[] meta = Files.readAllBytes(dir.resolve("meta"));
        return new UnsafeBuffer(meta, slot * SuperblockLayout.SLOT_LENGTH, SuperblockLayout.SLOT_LENGTH);
    }

    private static boolean valid(final UnsafeBuffer slot)
    {
        return SuperblockLayout.magic(slot) == FormatVersion.SUPERBLOCK_MAGIC && SuperblockLayout.computeCrc(slot) == SuperblockLayout.crc(slot);
    }

    /** @return the txn each slot names, -1 for a slot that is not valid. */
    public static long[] slotTxns(final Path dir) throws IOException
    {
        final long[] txns = new long[SuperblockLayout.SLOT_COUNT];
        for (int i = 0; i < txns.length; i++)
        {
            final UnsafeBuffer slot = slot(dir, i);
            txns[i] = valid(slot) ? SuperblockLayout.commitTxn(slot) : -1;
        }
        return txns;
    }

    /** @return the valid slot with the higher sequence. */
    public static int newestSlot(final Path dir) throws IOException
    {
        int newest = -1;
        long sequence = -1;
        for (int i = 0; i < SuperblockLayout.SLOT_COUNT; i++)
        {
            final UnsafeBuffer slot = slot(dir, i);
            if (valid(slot) && SuperblockLayout.sequence(slot) > sequence)
            {
                newest = i;
                sequence = SuperblockLayout.sequence(slot);
            }
        }
        return newest;
    }

    /** @return the page id of the commit record the newest slot names. */
    public static long checkpointedRecord(final Path dir) throws IOException
    {
        return SuperblockLayout.commitPage(slot(dir, newestSlot(dir)));
    }
}
