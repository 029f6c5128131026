package io.pagekv.bench.harness;

import io.pagekv.bench.kv.Engine;
import io.pagekv.bench.kv.KvStore;
import io.pagekv.bench.kv.StoreSpec;

/**
 * A store of one engine in its own temporary directory, loaded with a data set without forced
 * commits and closed cleanly; benchmarks then open it as often as they need.
 */
public final class LoadedStore implements AutoCloseable
{
    private final Engine engine;
    private final StoreSpec spec;
    private final StoreDir dir;
    private final long diskBytes;
    private KvStore open;

    private LoadedStore(final Engine engine, final StoreSpec spec, final StoreDir dir, final long diskBytes)
    {
        this.engine = engine;
        this.spec = spec;
        this.dir = dir;
        this.diskBytes = diskBytes;
    }

    /**
     * Creates the store, loads it with {@link Loader} and closes it.
     *
     * @param engine  the engine.
     * @param dataset the entries.
     * @return the loaded, closed store.
     */
    public static LoadedStore load(final Engine engine, final Dataset dataset)
    {
        final StoreSpec spec = new StoreSpec(dataset.entries(), dataset.valueSize(), false);
        final StoreDir dir = StoreDir.create(engine.id());
        try
        {
            try (KvStore store = engine.open(dir.path(), spec))
            {
                Loader.load(store, dataset);
            }
            return new LoadedStore(engine, spec, dir, Footprint.diskBytes(dir.path()));
        }
        catch (final RuntimeException ex)
        {
            dir.close();
            throw ex;
        }
    }

    /**
     * @return bytes on disk per entry right after the load.
     */
    public double diskBytesPerEntry()
    {
        return (double)diskBytes / spec.entries();
    }

    /**
     * Opens the store; {@link #close()} or {@link #closeStore()} closes it.
     *
     * @return the open store.
     */
    public KvStore open()
    {
        if (open != null)
        {
            throw new IllegalStateException(engine.id() + " store is already open");
        }
        open = engine.open(dir.path(), spec);
        return open;
    }

    /**
     * Closes the store if it is open, keeping its files.
     */
    public void closeStore()
    {
        if (open != null)
        {
            final KvStore store = open;
            open = null;
            store.close();
        }
    }

    /**
     * Closes the store and deletes its directory.
     */
    @Override
    public void close()
    {
        try
        {
            closeStore();
        }
        finally
        {
            dir.close();
        }
    }
}
