package io.pagekv.crash;

import io.pagekv.CacheMode;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.StoreStats;
import io.pagekv.TypedStore;
import io.pagekv.codec.Codecs;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * The child of {@link MemoryPressureTest}: reads, with a small heap, a working set of decoded
 * values larger than the heap, checks every value, holds the most recent ones as an application
 * would, and prints the cache's hit rate.
 *
 * <pre>
 *   args: DIR MODE ENTRIES VALUE_BYTES READS
 *   prints: stats hits=H misses=M evictions=E hitRate=R   then   OK
 * </pre>
 */
public final class MemoryPressureChild
{
    /** How many decoded values the "application" keeps referenced. */
    static final int HELD = 64;

    private MemoryPressureChild()
    {
    }

    /**
     * @param args see the class comment.
     */
    public static void main(final String[] args)
    {
        final Path dir = Path.of(args[0]);
        final CacheMode mode = CacheMode.valueOf(args[1]);
        final int entries = Integer.parseInt(args[2]);
        final int valueBytes = Integer.parseInt(args[3]);
        final int reads = Integer.parseInt(args[4]);
        try (Store store = Store.openReadOnly(dir, StoreOptions.defaults().withValueCache(mode)))
        {
            final TypedStore<Long, String> typed = store.typed(Codecs.int64(), Codecs.utf8());
            final ArrayDeque<String> held = new ArrayDeque<>();
            final SplittableRandom random = new SplittableRandom(7);
            for (int i = 0; i < reads; i++)
            {
                // A skewed load: half the reads go to 1% of the keys.
                final long key = random.nextBoolean() ? random.nextInt(Math.max(1, entries / 100)) : random.nextInt(entries);
                final String value = typed.get(key);
                if (value == null || !value.equals(document(key, valueBytes)))
                {
                    System.out.println("WRONG value for key " + key);
                    System.exit(3);
                }
                held.addLast(value);
                if (held.size() > HELD)
                {
                    held.removeFirst();
                }
            }
            final StoreStats stats = store.stats();
            System.out.println("stats hits=" + stats.cacheHits() + " misses=" + stats.cacheMisses() + " evictions=" +
                stats.cacheEvictions() + " hitRate=" + String.format("%.3f", stats.cacheHitRate()) + " maxHeap=" +
                Runtime.getRuntime().maxMemory());
            System.out.println("OK");
        }
    }

    /**
     * @param key        a key.
     * @param valueBytes the document's length.
     * @return the JSON-like ASCII document stored under {@code key}.
     */
    static String document(final long key, final int valueBytes)
    {
        final StringBuilder text = new StringBuilder(valueBytes + 64).append("{\"id\":").append(key).append(",\"rows\":[");
        final SplittableRandom random = new SplittableRandom(key);
        while (text.length() < valueBytes)
        {
            text.append("{\"name\":\"item").append(random.nextInt(50)).append("\",\"qty\":").append(random.nextInt(1000)).append("},");
        }
        text.setLength(valueBytes);
        return text.toString();
    }
}
