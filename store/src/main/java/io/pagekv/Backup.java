package io.pagekv;

import io.pagekv.io.ErrorMapper;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A hot backup: one snapshot of the source copied, in key order, into a new store in a
 * temporary directory beside the target ({@link StagingCopies}: those that earlier copies to the
 * same target abandoned are deleted first), so the copy holds live pages only. Every file and the
 * directory are forced, then the directory is renamed to the target in one atomic step and the
 * parent forced: the target is either absent or a whole store. Writers of the source go on all
 * the while; the copy is the commit the snapshot saw.
 */
final class Backup
{
    /** Entries per transaction of the copy. */
    private static final int ENTRIES_PER_COMMIT = 20_000;

    private Backup()
    {
    }

    static BackupReport run(final Store source, final Path target, final FileIO io)
    {
        final long start = System.nanoTime();
        if (Files.exists(target))
        {
            throw new StoreException("backup target " + target + " exists; give a path that does not");
        }
        final Path absolute = target.toAbsolutePath();
        final Path parent = absolute.getParent();
        StagingCopies.deleteAbandoned(absolute);
        final Path staging = StagingCopies.stagingFor(absolute);
        // The copy has the source's geometry; it is written without forces, then forced once, whole.
        final StoreOptions options = source.options().withPageSize(source.pageSize()).withSegmentSize(source.info().segmentSize())
            .withDurability(Durability.ASYNC).withCompaction(CompactionPolicy.off());
        long entries = 0;
        final long txnId;
        try (Snapshot snapshot = source.snapshot(); Store copy = Store.open(staging, options, false); Cursor all = snapshot.range(null, null))
        {
            txnId = snapshot.txnId();
            WriteTxn txn = copy.beginWrite();
            try
            {
                final UnsafeBuffer stored = new UnsafeBuffer(0, 0);
                while (all.next())
                {
                    // Values are copied as they are stored: a patchable one stays patchable, so
                    // that it can be counted on after a restore; a compressed one stays
                    // compressed, whatever the copy's own policy.
                    final DirectBuffer key = all.key();
                    if (all.isPatchable())
                    {
                        txn.putPatchable(all.keyBytes(), all.valueBytes());
                    }
                    else if (all.storedValue(stored))
                    {
                        txn.putCompressed(key, stored);
                    }
                    else
                    {
                        txn.put(key, stored, CompressionPolicy.off());
                    }
                    if (++entries % ENTRIES_PER_COMMIT == 0)
                    {
                        txn.commit();
                        txn = copy.beginWrite();
                    }
                }
                txn.commit();
            }
            finally
            {
                txn.close();
            }
        }
        catch (final RuntimeException ex)
        {
            deleteQuietly(staging);
            throw ex;
        }
        try
        {
            final long bytes = forceAll(staging, io);
            io.moveAtomically(staging, target);
            io.forceDirectory(parent);
            return new BackupReport(target, txnId, entries, bytes, System.nanoTime() - start);
        }
        catch (final IOException ex)
        {
            deleteQuietly(staging);
            throw ErrorMapper.io("cannot finish the backup of " + source.dir() + " into " + target, ex);
        }
    }

    private static long forceAll(final Path dir, final FileIO io) throws IOException
    {
        long bytes = 0;
        try (Stream<Path> files = Files.list(dir))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                try (StoreFile open = io.open(file, false))
                {
                    open.force();
                    bytes += open.size();
                }
            }
        }
        io.forceDirectory(dir);
        return bytes;
    }

    private static void deleteQuietly(final Path dir)
    {
        try
        {
            DirectorySwap.deleteTree(dir);
        }
        catch (final IOException ignored)
        {
            // The failure that ended the backup is what the caller hears about; a half copy
            // never carries the target's name.
        }
    }
}
