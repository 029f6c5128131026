package io.pagekv.bench.kv;

import java.nio.file.Path;

/**
 * Peers in a compressing configuration that their {@link Engine} entry does not use, for the
 * compressible-values benchmark. RocksDB's adapter compresses with LZ4 already.
 */
public final class CompressingPeers
{
    private CompressingPeers()
    {
    }

    /**
     * @param dir  the store directory.
     * @param spec what the store will hold.
     * @return MVStore with chunk compression on ({@code MVStore.Builder.compress()}, LZF).
     */
    public static KvStore mvStoreCompressed(final Path dir, final StoreSpec spec)
    {
        return new MvStoreStore(dir, spec, true);
    }
}
