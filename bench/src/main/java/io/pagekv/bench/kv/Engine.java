package io.pagekv.bench.kv;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The engines under comparison, by the name the benchmarks take as their {@code engine} parameter.
 */
public enum Engine
{
    /** pagekv itself. */
    PAGEKV("pagekv", "pagekv (this build)", null, null,
        "public API: a snapshot per read batch with zero-copy `view`s, cursor scan, one `WriteBatch` per write transaction (`Store.write`, which lets concurrent threads' batches share commits and forces); `Durability.ASYNC` for unforced commits, `SYNC` for forced ones")
    {
        @Override
        KvStore openStore(final Path dir, final StoreSpec spec)
        {
            return new PagekvStore(dir, spec);
        }
    },

    /** LMDB through lmdbjava. */
    LMDB("lmdbjava", "lmdbjava 0.9.1", null, null,
        "Agrona `DirectBuffer`s (`DirectBufferProxy.PROXY_DB`, as in lmdbjava's own benchmarks), zero-copy gets in one read txn per batch, `reserve` for puts, cursor scan; `MDB_NOSYNC` for unforced commits, default flags (fsync per commit) for forced ones")
    {
        @Override
        KvStore openStore(final Path dir, final StoreSpec spec)
        {
            return new LmdbStore(dir, spec);
        }
    },

    /** H2's MVStore. */
    MVSTORE("mvstore", "H2 MVStore 2.3.232", null, null,
        "`MVMap<byte[], byte[]>` with an unsigned-byte key type, auto-commit off, 256 MiB cache; `commit()` per batch, plus `sync()` for forced commits")
    {
        @Override
        KvStore openStore(final Path dir, final StoreSpec spec)
        {
            return new MvStoreStore(dir, spec);
        }
    },

    /** MapDB's BTreeMap. */
    MAPDB("mapdb", "MapDB 3.1.0", null, null,
        "`BTreeMap` with `BYTE_ARRAY` serializers on a memory-mapped file (cleaner hack on, values outside nodes from 1 KiB); `fileSyncDisable` for unforced commits, write-ahead log (`transactionEnable`) for forced ones")
    {
        @Override
        KvStore openStore(final Path dir, final StoreSpec spec)
        {
            return new MapDbStore(dir, spec);
        }

        @Override
        public String noConcurrentCommits()
        {
            return "MapDB has one transaction per database: `DB.commit()` from any thread commits every thread's pending " +
                "writes, so threads cannot commit transactions of their own";
        }
    },

    /** Chronicle Map, a persisted off-heap hash map. */
    CHRONICLE("chronicle-map", "Chronicle Map 3.27ea0",
        "Chronicle Map is a hash map: it has no key order to scan in",
        "Chronicle Map has no commit and no API to force its mapped file to disk",
        "persisted `ChronicleMap<byte[], byte[]>` sized for the data set, constant 8-byte keys, `getUsing` into a reused array; no transactions (a commit is a no-op)")
    {
        @Override
        KvStore openStore(final Path dir, final StoreSpec spec)
        {
            return new ChronicleStore(dir, spec);
        }
    },

    /** RocksDB through rocksdbjni. */
    ROCKSDB("rocksdb", "RocksDB (rocksdbjni 10.10.1.1)", null, null,
        "256 MiB LRU block cache, 10-bit bloom filter, LZ4, 2 background jobs; one `WriteBatch` per commit with the WAL on (`sync` and pipelined writes only for forced commits); gets into direct buffers, iterator scan")
    {
        @Override
        KvStore openStore(final Path dir, final StoreSpec spec)
        {
            return new RocksStore(dir, spec);
        }
    };

    private final String id;
    private final String title;
    private final String noOrderedScan;
    private final String noForcedCommit;
    private final String usage;

    Engine(final String id, final String title, final String noOrderedScan, final String noForcedCommit, final String usage)
    {
        this.usage = usage;
        this.id = id;
        this.title = title;
        this.noOrderedScan = noOrderedScan;
        this.noForcedCommit = noForcedCommit;
    }

    /**
     * @param id a benchmark's {@code engine} parameter.
     * @return the engine.
     * @throws IllegalArgumentException if no engine has that id.
     */
    public static Engine byId(final String id)
    {
        for (final Engine engine : values())
        {
            if (engine.id.equals(id.toLowerCase(Locale.ROOT)))
            {
                return engine;
            }
        }
        throw new IllegalArgumentException("unknown engine '" + id + "'");
    }

    /**
     * @return the id used as the {@code engine} parameter.
     */
    public String id()
    {
        return id;
    }

    /**
     * @return the name and version shown on the results page.
     */
    public String title()
    {
        return title;
    }

    /**
     * @return how the adapter uses the engine, one line of Markdown for the results page.
     */
    public String usage()
    {
        return usage;
    }

    /**
     * @return why the engine cannot walk its keys in order, or null if it can.
     */
    public String noOrderedScan()
    {
        return noOrderedScan;
    }

    /**
     * @return why the engine cannot force a commit to disk, or null if it can.
     */
    public String noForcedCommit()
    {
        return noForcedCommit;
    }

    /**
     * @return why threads cannot each commit forced transactions of their own at the same time,
     * or null if they can.
     */
    public String noConcurrentCommits()
    {
        return noForcedCommit;
    }

    /**
     * Opens (creating or reopening) a store of this engine in {@code dir}.
     *
     * @param dir  an existing directory that holds only this store.
     * @param spec the expected size and the durability of commits.
     * @return the open store; close it.
     * @throws UnsupportedOperationException if the engine cannot give the durability asked for.
     */
    public KvStore open(final Path dir, final StoreSpec spec)
    {
        if (spec.sync() && noForcedCommit != null)
        {
            throw new UnsupportedOperationException(id + " cannot run forced commits: " + noForcedCommit);
        }
        return openStore(dir, spec);
    }

    abstract KvStore openStore(Path dir, StoreSpec spec);
}
