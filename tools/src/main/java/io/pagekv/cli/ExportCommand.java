package io.pagekv.cli;

import io.pagekv.ExportRoute;
import io.pagekv.SharedExport;
import io.pagekv.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code pagekv export DIR KEY}: hands one value to another process and prints its descriptor.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
        "Hand one value to another process, zero-copy where it can.",
        "Exports the value of KEY and prints the export's descriptor (one line of JSON), then keeps the export " +
        "alive until interrupted (Ctrl-C, SIGTERM) or until --hold ends; then it is removed. Another process " +
        "maps the value by its descriptor: python3 tools/python/pagekv_export.py, or SharedExport.attach in a JVM. " +
        "A value in an overflow run is mapped where it lies in its segment file (route mapped); any other value " +
        "is copied once into a POSIX shared-memory object under /dev/shm (route shm). See docs/ipc.md.",
        "Opens the store read-only, so it works beside a writer. Exits 1 if the key is not in the store.",
    },
    footerHeading = "%nExample:%n",
    footer = {
        "  pagekv export data model:weights > weights.json &",
        "  python3 tools/python/pagekv_export.py @weights.json",
        "  pagekv export data user:000042 --route shm --hold 30s",
    })
final class ExportCommand extends Subcommand
{
    @Parameters(index = "0", paramLabel = "DIR", description = "The store directory.")
    private Path dir;

    @Parameters(index = "1", paramLabel = "KEY", description = "The key, encoded with --format.")
    private String key;

    @Mixin
    private EncodingOption encoding;

    @Option(names = "--route", paramLabel = "ROUTE", defaultValue = "auto",
        description = "auto (default), mapped (zero-copy; values in overflow runs only) or shm (one copy into /dev/shm).")
    private ExportRoute route;

    @Option(names = "--hold", paramLabel = "DURATION", converter = LockWaitOption.Converter.class,
        description = "Remove the export after DURATION (500ms, 30s, 5m, 1h) instead of waiting to be interrupted.")
    private Duration hold;

    @Override
    protected int execute() throws Exception
    {
        final byte[] keyBytes = decodeArgument(encoding.format(), "KEY", key);
        try (Store store = StoreDirectory.openReadOnly(dir))
        {
            final SharedExport export = store.export(keyBytes, route);
            if (export == null)
            {
                return fail(ExitCodes.NOT_FOUND, "key '" + encoding.format().encode(keyBytes) + "' not found in " + dir);
            }
            final CountDownLatch ended = new CountDownLatch(1);
            final Thread onSignal = new Thread(() ->
            {
                export.close();
                ended.countDown();
            }, "pagekv-export-close");
            Runtime.getRuntime().addShutdownHook(onSignal);
            try
            {
                streams().out().write(export.descriptor() + "\n");
                streams().flush();
                if (hold == null)
                {
                    ended.await();
                }
                else
                {
                    ended.await(hold.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            finally
            {
                export.close();
                if (ended.getCount() > 0)
                {
                    Runtime.getRuntime().removeShutdownHook(onSignal);
                }
            }
            return ExitCodes.OK;
        }
    }
}
