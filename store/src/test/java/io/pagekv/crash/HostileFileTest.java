package io.pagekv.crash;

import io.pagekv.CompactionPolicy;
import io.pagekv.CorruptStoreException;
import io.pagekv.DamagePolicy;
import io.pagekv.DamagedHistoryException;
import io.pagekv.Cursor;
import io.pagekv.Durability;
import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.TestStores;
import io.pagekv.VerifyReport;
import io.pagekv.WriteTxn;
import io.pagekv.format.FormatVersion;
import io.pagekv.format.SegmentHeaderLayout;
import io.pagekv.format.SuperblockLayout;
import io.pagekv.format.PageLayout;
import io.pagekv.page.SegmentFiles;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Battery 4, hostile files: a store's files damaged while it is closed — truncated at every
 * page boundary and at random offsets, every page zeroed, bits flipped, ranges and whole files
 * overwritten with random bytes, superblock fields changed and re-sealed with a valid CRC, a
 * future format version, a meta file from another store. Opening or verifying must give a
 * {@link CorruptStoreException}, or open at a committed state whose every value served is right;
 * never another exception, never a wrong value. A default open never lands before the
 * checkpointed commit (that would be damage served as a shorter history): such a store is
 * refused with {@link DamagedHistoryException}, and then opens with
 * {@link DamagePolicy#OPEN_READ_ONLY_AT_LAST_GOOD} under the same rules. The reference store is
 * a crash image, so recovery also walks a tail of commits past the last checkpoint.
 */
@Tag("crash")
class HostileFileTest
{
    private static final int PAGE = 4096;

    @TempDir
    Path tmp;

    private Path reference;
    private ModelHistory history;
    private long lastTxn;
    private long checkpointTxn;

    @BeforeEach
    void buildReference()
    {
        buildReference(false);
    }

    /**
     * Builds the reference store: 60 commits in small segments, copied as a crash image while
     * the store is open. A compacted reference is compacted after 40 commits and then compacts
     * by itself, aggressively, so its first segments are retired (their files gone, the
     * superblock's first segment above 0) and its log holds compaction's moving commits.
     */
    private void buildReference(final boolean compacted)
    {
        final Workload workload = new Workload(CrashSettings.seed());
        history = new ModelHistory(workload);
        final Path live = tmp.resolve(compacted ? "live-compacted" : "live");
        reference = tmp.resolve(compacted ? "reference-compacted" : "reference");
        try (Store store = Store.open(live, StoreOptions.defaults().withSegmentSize(64 << 10).withCheckpointBytes(96 << 10)
            .withDurability(Durability.ASYNC).withCompaction(compacted ? CompactionPolicy.of(1.0, 1.05) : CompactionPolicy.off())))
        {
            for (int i = 0; i < 60; i++)
            {
                try (WriteTxn txn = store.beginWrite())
                {
                    workload.apply(txn);
                    txn.commit();
                }
                if (compacted && i == 40)
                {
                    store.compact();
                }
            }
            lastTxn = store.info().lastTxnId();
            TestStores.crashImage(live, reference);
            checkpointTxn = store.info().checkpointTxnId();
        }
        if (compacted)
        {
            assertTrue(LowestSegment.of(reference) > 0, "the compacted reference still has its first segment");
        }
    }

    @Test
    void damagedFilesAreReportedOrOpenAtACommittedStateNeverAWrongValue()
    {
        damageEveryWay("hostile-files");
    }

    /**
     * The same damage to a store whose first segments compaction retired: the superblock's first
     * segment, the segments after it and the moving commits must be judged like the rest.
     */
    @Test
    void damagedCompactedFilesAreReportedOrOpenAtACommittedStateNeverAWrongValue()
    {
        buildReference(true);
        damageEveryWay("hostile-compacted");
    }

    private void damageEveryWay(final String battery)
    {
        final long seed = CrashSettings.seed();
        final Random random = new Random(seed);
        final Summary summary = new Summary(battery).set("seed", seed);
        final Path scratch = Scratch.directory(tmp);
        final Path dir = scratch.resolve("damaged");
        try
        {
            for (final Path file : files(reference))
            {
                final long size = size(file);
                final int page = file.getFileName().toString().equals("meta") ? SuperblockLayout.SLOT_LENGTH : PAGE;
                for (long at = 0; at < size; at += page)
                {
                    final long cut = at;
                    damage(dir, file, "truncated at page boundary " + cut, f -> truncate(f, cut), summary);
                    damage(dir, file, "page at " + cut + " zeroed", f -> overwrite(f, cut, new byte[page]), summary);
                }
                if (!file.getFileName().toString().equals("meta"))
                {
                    // Without meta there is no store to open (a writable open refuses such a directory).
                    damage(dir, file, "deleted", Files::delete, summary);
                }
            }
            damage(dir, reference.resolve("meta"), "a segment file appears below the first segment",
                f -> leftoverBelowFirst(f.getParent()), summary);
            final List<Path> files = files(reference);
            for (int i = 0; i < CrashSettings.hostile(); i++)
            {
                final Path file = files.get(random.nextInt(files.size()));
                randomDamage(dir, file, random, summary);
            }
            summary.set("result", "ok");
        }
        catch (final AssertionError | RuntimeException ex)
        {
            summary.set("result", "FAILED");
            System.out.println(CrashSettings.replay(battery, seed));
            throw ex;
        }
        finally
        {
            KillLoopTest.deleteTree(scratch);
            summary.print();
        }
    }

    private void randomDamage(final Path dir, final Path file, final Random random, final Summary summary)
    {
        final long size = size(file);
        final int kind = random.nextInt(100);
        if (kind < 40)
        {
            final int bits = 1 + random.nextInt(8);
            final long[] positions = new long[bits];
            for (int b = 0; b < bits; b++)
            {
                positions[b] = (long)(random.nextDouble() * size * 8);
            }
            summary.add("bits-flipped", bits);
            damage(dir, file, bits + " bits flipped at " + Arrays.toString(positions), f -> flipBits(f, positions), summary);
        }
        else if (kind < 60)
        {
            final byte[] junk = new byte[1 + random.nextInt(600)];
            random.nextBytes(junk);
            final long at = (long)(random.nextDouble() * Math.max(1, size - junk.length));
            summary.add("bytes-overwritten", junk.length);
            damage(dir, file, junk.length + " random bytes at " + at, f -> overwrite(f, at, junk), summary);
        }
        else if (kind < 70)
        {
            final byte[] junk = new byte[(int)size];
            random.nextBytes(junk);
            summary.add("bytes-overwritten", junk.length);
            damage(dir, file, "whole file replaced by random bytes", f -> overwrite(f, 0, junk), summary);
        }
        else if (kind < 85)
        {
            final long at = (long)(random.nextDouble() * size);
            damage(dir, file, "truncated at " + at, f -> truncate(f, at), summary);
        }
        else
        {
            final Path meta = reference.resolve("meta");
            final int slot = random.nextInt(SuperblockLayout.SLOT_COUNT);
            final int[] fields = {SuperblockLayout.PAGE_SIZE_OFFSET, SuperblockLayout.SEQUENCE_OFFSET, SuperblockLayout.COMMIT_PAGE_OFFSET,
                SuperblockLayout.COMMIT_TXN_OFFSET, SuperblockLayout.COMMIT_CRC_OFFSET, SuperblockLayout.SEGMENT_SIZE_OFFSET,
                SuperblockLayout.STORE_ID_OFFSET, SuperblockLayout.VERSION_OFFSET, SuperblockLayout.FIRST_SEGMENT_OFFSET};
            final int field = fields[random.nextInt(fields.length)];
            final long value = random.nextBoolean() ? random.nextLong() : random.nextInt(5) - 2L + (random.nextBoolean() ? 0 : Integer.MAX_VALUE);
            damage(dir, meta, "slot " + slot + " field at " + field + " set to " + value + ", CRC re-sealed",
                f -> resealSlot(f, slot, field, value), summary);
        }
    }

    /** A change to one file of a copy of the reference store. */
    private interface Damage
    {
        void apply(Path file) throws IOException;
    }

    private void damage(final Path dir, final Path file, final String what, final Damage change, final Summary summary)
    {
        copyReference(dir);
        final Path target = dir.resolve(file.getFileName());
        try
        {
            change.apply(target);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        summary.add("files-damaged", 1);
        final String failure = check(dir, summary);
        if (failure != null)
        {
            throw new AssertionError(file.getFileName() + " " + what + ": " + failure + "\n" + FailureCopy.keep(dir, "hostile"));
        }
    }

    /**
     * @return null if the damaged store behaved, else what went wrong.
     */
    private String check(final Path dir, final Summary summary)
    {
        final Store store;
        try
        {
            store = Store.openReadOnly(dir);
        }
        catch (final DamagedHistoryException ex)
        {
            summary.add("refused-damaged-history", 1);
            return checkAtLastGood(dir, summary);
        }
        catch (final CorruptStoreException ex)
        {
            summary.add("refused-at-open", 1);
            return null;
        }
        catch (final Throwable ex)
        {
            return "open threw " + describe(ex);
        }
        final long opened = store.info().lastTxnId();
        if (opened < checkpointTxn)
        {
            store.close();
            return "opened at txn " + opened + " without an error, before the checkpointed txn " + checkpointTxn + ": a silent rollback";
        }
        return checkOpen(store, summary, "");
    }

    private String checkAtLastGood(final Path dir, final Summary summary)
    {
        final Store store;
        try
        {
            store = Store.openReadOnly(dir, StoreOptions.defaults().withDamagePolicy(DamagePolicy.OPEN_READ_ONLY_AT_LAST_GOOD));
        }
        catch (final CorruptStoreException ex)
        {
            summary.add("refused-even-at-last-good", 1);
            return null;
        }
        catch (final Throwable ex)
        {
            return "open at the last good commit threw " + describe(ex);
        }
        return checkOpen(store, summary, "at-last-good-");
    }

    private String checkOpen(final Store store, final Summary summary, final String prefix)
    {
        try (store)
        {
            boolean clean;
            try
            {
                final VerifyReport report = store.verify();
                clean = report.isClean();
            }
            catch (final CorruptStoreException ex)
            {
                clean = false;
            }
            catch (final Throwable ex)
            {
                return "verify threw " + describe(ex);
            }
            final String read = readAll(store, clean);
            if (read != null)
            {
                return read;
            }
            if (!clean)
            {
                summary.add(prefix + "verify-reported", 1);
            }
            else
            {
                summary.add(prefix + (store.info().lastTxnId() < lastTxn ? "torn-tail-opened" : "unharmed"), 1);
            }
            return null;
        }
    }

    private String readAll(final Store store, final boolean clean)
    {
        try (Snapshot snapshot = store.snapshot())
        {
            if (snapshot.txnId() > lastTxn)
            {
                return "opened at txn " + snapshot.txnId() + ", newer than any commit (" + lastTxn + ")";
            }
            // The application's state, by its marker (compaction's commits change no contents).
            final long txnId = Workload.sequence(snapshot::get);
            final NavigableMap<byte[], byte[]> model = history.at(txnId);
            int entries = 0;
            try (Cursor cursor = snapshot.range(null, null))
            {
                while (cursor.next())
                {
                    final byte[] key = cursor.keyBytes();
                    if (!Arrays.equals(cursor.valueBytes(), model.get(key)))
                    {
                        return "WRONG VALUE served for key " + ModelHistory.show(key) + " at sequence " + txnId + " (verify clean: " + clean + ")";
                    }
                    entries++;
                }
            }
            if (clean && entries != model.size())
            {
                return "verify is clean but a scan of sequence " + txnId + " finds " + entries + " entries, the model " + model.size();
            }
            for (final byte[] key : model.keySet())
            {
                final byte[] value = snapshot.get(key);
                if (value != null ? !Arrays.equals(value, model.get(key)) : clean)
                {
                    return "WRONG VALUE from get of " + ModelHistory.show(key) + " at sequence " + txnId;
                }
            }
            return null;
        }
        catch (final CorruptStoreException ex)
        {
            return clean ? "verify is clean but a read throws " + ex.getMessage() : null;
        }
        catch (final Throwable ex)
        {
            return "a read threw " + describe(ex);
        }
    }

    private static String describe(final Throwable ex)
    {
        final java.io.StringWriter trace = new java.io.StringWriter();
        ex.printStackTrace(new java.io.PrintWriter(trace));
        return trace.toString();
    }

    @Test
    void futureFormatVersionIsRefused() throws IOException
    {
        final Path dir = tmp.resolve("future");
        copyReference(dir);
        for (int slot = 0; slot < SuperblockLayout.SLOT_COUNT; slot++)
        {
            resealSlot(dir.resolve("meta"), slot, SuperblockLayout.VERSION_OFFSET, FormatVersion.CURRENT + 1);
        }
        final CorruptStoreException ex = assertThrows(CorruptStoreException.class, () -> Store.openReadOnly(dir).close());
        assertTrue(ex.getMessage().contains("newer"), ex.getMessage());
        assertThrows(CorruptStoreException.class, () -> Store.open(dir).close());

        final Path segmentDir = tmp.resolve("future-segment");
        copyReference(segmentDir);
        try (Stream<Path> segments = Files.list(segmentDir).filter(p -> p.getFileName().toString().startsWith("seg-")))
        {
            for (final Path segment : (Iterable<Path>)segments::iterator)
            {
                resealPage(segment, SegmentHeaderLayout.VERSION_OFFSET, (short)(FormatVersion.CURRENT + 1));
            }
        }
        assertThrows(CorruptStoreException.class, () -> Store.openReadOnly(segmentDir).close());
    }

    @Test
    void metaFileOfAnotherStoreIsRefused() throws IOException
    {
        final Path other = tmp.resolve("other");
        try (Store store = Store.open(other))
        {
            store.put(new byte[]{1}, new byte[]{1});
        }
        final Path dir = tmp.resolve("mixed");
        copyReference(dir);
        Files.copy(other.resolve("meta"), dir.resolve("meta"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        final CorruptStoreException ex = assertThrows(CorruptStoreException.class, () -> Store.openReadOnly(dir).close());
        assertTrue(ex.getMessage().contains("another store"), ex.getMessage());
        assertThrows(CorruptStoreException.class, () -> Store.open(dir).close());
    }

    private void copyReference(final Path dir)
    {
        try
        {
            if (Files.exists(dir))
            {
                KillLoopTest.deleteTree(dir);
            }
            Files.createDirectories(dir);
            for (final Path file : files(reference))
            {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static List<Path> files(final Path dir)
    {
        try (Stream<Path> files = Files.list(dir))
        {
            final List<Path> list = new ArrayList<>(files.filter(Files::isRegularFile).sorted().toList());
            return list;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static long size(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Puts a segment file one number below the lowest there (a leftover of a retirement that a
     * crash interrupted, or a stray copy): a copy of the lowest segment, so it is well formed.
     */
    private static void leftoverBelowFirst(final Path dir) throws IOException
    {
        final int lowest = LowestSegment.of(dir);
        if (lowest > 0)
        {
            Files.copy(SegmentFiles.path(dir, lowest), SegmentFiles.path(dir, lowest - 1));
        }
    }

    private static void truncate(final Path file, final long length) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.setLength(length);
        }
    }

    private static void overwrite(final Path file, final long at, final byte[] bytes) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(at);
            raf.write(bytes, 0, (int)Math.min(bytes.length, Math.max(0, raf.length() - at)));
        }
    }

    private static void flipBits(final Path file, final long[] bitPositions) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            for (final long bit : bitPositions)
            {
                raf.seek(bit / 8);
                final int b = raf.read();
                raf.seek(bit / 8);
                raf.write(b ^ (1 << (bit % 8)));
            }
        }
    }

    private static void resealSlot(final Path meta, final int slot, final int field, final long value) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(meta);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes, slot * SuperblockLayout.SLOT_LENGTH, SuperblockLayout.SLOT_LENGTH);
        if (field == SuperblockLayout.VERSION_OFFSET)
        {
            buffer.putShort(field, (short)value, FormatVersion.ORDER);
        }
        else if (field == SuperblockLayout.PAGE_SIZE_OFFSET || field == SuperblockLayout.COMMIT_CRC_OFFSET ||
            field == SuperblockLayout.FIRST_SEGMENT_OFFSET)
        {
            buffer.putInt(field, (int)value, FormatVersion.ORDER);
        }
        else
        {
            buffer.putLong(field, value, FormatVersion.ORDER);
        }
        buffer.putInt(SuperblockLayout.CRC_OFFSET, SuperblockLayout.computeCrc(buffer), FormatVersion.ORDER);
        Files.write(meta, bytes);
    }

    private static void resealPage(final Path segment, final int field, final short value) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(segment);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes, 0, PAGE);
        buffer.putShort(field, value, FormatVersion.ORDER);
        PageLayout.seal(buffer, 0, PAGE);
        Files.write(segment, bytes);
    }
}
