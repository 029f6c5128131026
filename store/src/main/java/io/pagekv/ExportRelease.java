package io.pagekv;

import io.pagekv.export.LiveExports;
import io.pagekv.export.OpenExport;

import java.lang.ref.Cleaner;

/**
 * What ends an export: {@link SharedExport#close} runs it; if the application drops an export
 * without closing it, the {@link Cleaner} runs it when the export is garbage collected and
 * reports the leak with the place where it was made. Until then the leaked export holds its
 * shared memory, or its segment on disk.
 *
 * <p>Holds no reference to the {@link SharedExport}, or the cleaner would never run.
 */
final class ExportRelease implements Runnable
{
    private static final Cleaner CLEANER = Cleaner.create();
    private static final System.Logger LOGGER = System.getLogger("io.pagekv");

    private final LiveExports owner;
    private final OpenExport export;
    private final Throwable madeAt;
    private Cleaner.Cleanable cleanable;
    private volatile boolean closedByApplication;

    private ExportRelease(final LiveExports owner, final OpenExport export)
    {
        this.owner = owner;
        this.export = export;
        this.madeAt = new Throwable("export " + export.descriptor().name() + " made here");
    }

    /**
     * @param shared the public export to watch.
     * @param owner  the store's exports.
     * @param export what it wraps.
     * @return the release its {@code close} runs.
     */
    static ExportRelease watch(final SharedExport shared, final LiveExports owner, final OpenExport export)
    {
        final ExportRelease release = new ExportRelease(owner, export);
        release.cleanable = CLEANER.register(shared, release);
        return release;
    }

    /**
     * Runs the release now, once, as the application's own close.
     */
    void closeNow()
    {
        closedByApplication = true;
        cleanable.clean();
    }

    @Override
    public void run()
    {
        if (!closedByApplication && !export.isClosed())
        {
            LOGGER.log(System.Logger.Level.WARNING, "export " + export.descriptor().name() + " was never closed; close every " +
                "SharedExport once its consumers are done: until it was collected it held its shared memory or segment", madeAt);
        }
        owner.close(export);
    }
}
