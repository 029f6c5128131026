package io.pagekv;

import io.pagekv.io.ErrorMapper;
import io.pagekv.recover.Salvager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * {@link Store#salvage}: a new store in an empty target, filled in bounded transactions with what
 * {@link Salvager} proves intact in the source, which is only ever read.
 */
final class Salvage
{
    private Salvage()
    {
    }

    static SalvageReport run(final Path source, final Path target, final LongConsumer progress)
    {
        refuseNonEmpty(target);
        final Salvager salvager = Salvager.open(source, StoreOptions.defaults().fileIO());
        final StoreOptions options = StoreOptions.defaults().withPageSize(salvager.pageSize()).withDurability(Durability.ASYNC)
            .withCompaction(CompactionPolicy.off());
        try (Store out = Store.open(target, options); SalvageBatches batches = new SalvageBatches(out))
        {
            final SalvageReport report = salvager.copyTo(target, batches::put, progress);
            batches.finish();
            return report;
        }
    }

    private static void refuseNonEmpty(final Path target)
    {
        if (!Files.exists(target))
        {
            return;
        }
        try (Stream<Path> entries = Files.list(target))
        {
            if (entries.findAny().isPresent())
            {
                throw new StoreException("salvage target " + target + " is not empty; give a new directory");
            }
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("cannot list salvage target " + target, ex);
        }
    }
}
