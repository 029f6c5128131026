package io.pagekv.bench.kv;

import io.pagekv.CompressionPolicy;

import java.nio.file.Path;

/**
 * Stores in a compressing configuration that their {@link Engine} entry does not use, for the
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
     * @return pagekv storing values of 512 bytes and more LZ4-compressed when that saves 10%.
     */
    public static KvStore pagekvCompressed(final Path dir, final StoreSpec spec)
    {
        return new PagekvStore(dir, spec, CompressionPolicy.lz4(512, 10));
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
