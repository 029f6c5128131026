package io.pagekv;

import io.pagekv.codec.Codecs;

import java.nio.file.Path;
import java.util.List;

/**
 * The typed example shown in README.md, compiled and run by {@link ReadmeExampleTest}.
 */
final class ReadmeTypedExample
{
    private ReadmeTypedExample()
    {
    }

    static String run(final Path dir)
    {
        final StringBuilder out = new StringBuilder();
        // README:start
        StoreOptions options = StoreOptions.defaults()
            .withCompression(CompressionPolicy.lz4(512, 10))   // LZ4 for values >= 512 B that shrink >= 10%
            .withValueCache(CacheMode.WEAK);                   // the default: decoded values, weakly held
        try (Store store = Store.open(dir, options))
        {
            // keys (user, order number) sort as the tuples do; values are UTF-8 JSON documents
            TypedStore<List<Object>, String> orders = store.typed(Codecs.tuple(Codecs.utf8(), Codecs.int64()), Codecs.utf8());
            orders.put(List.of("ada", 42L), "{\"item\":\"lamp\",\"qty\":2}");
            orders.put(List.of("ada", 7L), "{\"item\":\"desk\",\"qty\":1}");
            String order = orders.get(List.of("ada", 42L));    // decoded once, then served from the cache
            try (TypedCursor<List<Object>, String> all = orders.prefix(List.of("ada")))
            {
                while (all.next())
                {
                    out.append(all.key()).append(' ').append(all.value()).append('\n');
                }
            }
            StoreStats stats = store.stats();                  // cache hits, misses, evictions, bytes held
            out.append(order).append(", cache hits ").append(stats.cacheHits());
        }
        // README:end
        return out.toString();
    }
}
