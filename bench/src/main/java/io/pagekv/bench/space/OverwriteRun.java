package io.pagekv.bench.space;

import io.pagekv.SpaceUsage;
import io.pagekv.Store;
import io.pagekv.bench.harness.Dataset;
import io.pagekv.bench.harness.Footprint;
import io.pagekv.bench.harness.Loader;
import io.pagekv.bench.harness.PagekvCompactor;
import io.pagekv.bench.harness.RandomOverwrites;
import io.pagekv.bench.harness.StoreDir;
import io.pagekv.bench.kv.KvStore;
import io.pagekv.bench.kv.Keys;
import io.pagekv.bench.kv.StoreSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * One contender's run: load the data set, then commit random overwrites
 * ({@link RandomOverwrites}, 100 puts per unforced commit) until {@code overwrites} times the
 * live data is written, measuring the directory with {@code du} after the load and every
 * {@code 1 / samplesPerVolume} of the live data; then close, and for pagekv compact.
 */
final class OverwriteRun
{
    private static final long SEED = 12;

    private OverwriteRun()
    {
    }

    static Curve run(final Contender contender, final Dataset dataset, final int overwrites, final int samplesPerVolume)
    {
        final long start = System.nanoTime();
        final int entryBytes = Keys.SIZE + dataset.valueSize();
        final long live = (long)dataset.entries() * entryBytes;
        final long step = Math.max(1, live / samplesPerVolume);
        final List<Curve.Sample> samples = new ArrayList<>();
        try (StoreDir dir = StoreDir.create("space-" + contender.name().toLowerCase(java.util.Locale.ROOT)))
        {
            try (KvStore store = contender.engine().open(dir.path(), new StoreSpec(dataset.entries(), dataset.valueSize(), false, contender.background())))
            {
                Loader.load(store, dataset);
                samples.add(new Curve.Sample(0, Footprint.diskBytes(dir.path())));
                long written = 0;
                long next = step;
                try (RandomOverwrites writes = new RandomOverwrites(store, dataset, SEED))
                {
                    while (written < overwrites * live)
                    {
                        writes.commit();
                        written += (long)RandomOverwrites.PER_COMMIT * entryBytes;
                        if (written >= next)
                        {
                            samples.add(new Curve.Sample(written, Footprint.diskBytes(dir.path())));
                            next += step;
                        }
                    }
                }
            }
            final long afterClose = Footprint.diskBytes(dir.path());
            final double seconds = (System.nanoTime() - start) / 1e9;
            if (contender != Contender.PAGEKV)
            {
                return new Curve(contender, dataset.entries(), entryBytes, samples, afterClose, -1, Double.NaN, seconds);
            }
            final double writtenOverLive;
            try (Store store = Store.openReadOnly(dir.path()))
            {
                final SpaceUsage usage = store.spaceUsage();
                writtenOverLive = (double)usage.writtenPages() / usage.livePages();
            }
            PagekvCompactor.compact(dir.path());
            return new Curve(contender, dataset.entries(), entryBytes, samples, afterClose, Footprint.diskBytes(dir.path()), writtenOverLive, seconds);
        }
    }
}
