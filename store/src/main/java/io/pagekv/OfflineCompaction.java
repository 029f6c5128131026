package io.pagekv;

import io.pagekv.audit.AuditKind;
import io.pagekv.io.ErrorMapper;
import io.pagekv.io.FileIO;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@link Store#compactOffline}: the store is opened for writing (so no other process writes it),
 * copied whole and compact beside itself ({@link Backup}), and the copy is swapped in by renames
 * ({@link DirectorySwap}). A crash at any step leaves the old store or the new one; the next
 * open finishes or rolls back the swap.
 */
final class OfflineCompaction
{
    private OfflineCompaction()
    {
    }

    static BackupReport run(final Path dir, final StoreOptions options)
    {
        final FileIO io = options.fileIO();
        final BackupReport report;
        try (Store store = Store.open(dir, options.withCompaction(CompactionPolicy.off())))
        {
            if (store.audit().isActive())
            {
                store.audit().before(AuditKind.OFFLINE_COMPACTION, store.info().lastTxnId(), null, null, -1, null);
            }
            report = Backup.run(store, DirectorySwap.staging(dir), io);
            DirectorySwap.swapIn(dir, io);
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("cannot swap the compacted copy of " + dir + " in; the next open finishes or rolls it back", ex);
        }
        try
        {
            DirectorySwap.discardOld(dir, io);
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("compacted " + dir + " but cannot delete the old copy; the next open deletes it", ex);
        }
        return report;
    }
}
