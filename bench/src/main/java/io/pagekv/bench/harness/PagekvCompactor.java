package io.pagekv.bench.harness;

import io.pagekv.CompactionReport;
import io.pagekv.Store;
import io.pagekv.StoreOptions;

import java.nio.file.Path;

/**
 * Runs pagekv's {@link Store#compact()} on a closed pagekv store, so that its footprint can be
 * shown beside the one right after a load; no peer has this step here.
 */
public final class PagekvCompactor
{
    private PagekvCompactor()
    {
    }

    /**
     * Reopens the store, compacts it and closes it cleanly.
     *
     * @param dir a pagekv store's directory, closed.
     * @return what compaction did.
     */
    public static CompactionReport compact(final Path dir)
    {
        try (Store store = Store.open(dir, StoreOptions.defaults()))
        {
            return store.compact();
        }
    }
}
