package io.pagekv.crash;

import io.pagekv.Durability;
import io.pagekv.ExportRoute;
import io.pagekv.LiveCounters;
import io.pagekv.SharedExport;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import org.agrona.DirectBuffer;

import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The other process of {@link ExportProcessesTest}. Mode {@code writer DIR}: opens the store,
 * exports a small value (shm), a large one mapped and the same one through shm, prints
 * {@code export <descriptor>} for each and {@code ready}, then commits until killed, holding the
 * exports. Mode {@code attach DIR SAMPLES DESCRIPTOR...}: attaches each descriptor and prints
 * {@code attached <length> <crc32c hex>}, then samples the live counters SAMPLES times, 50 ms
 * apart, printing {@code commits <value>}.
 */
public final class ExportChild
{
    /** The options the writer uses: small segments, so compaction can retire the one an export pins. */
    static final StoreOptions OPTIONS = StoreOptions.defaults().withSegmentSize(1 << 20).withDurability(Durability.ASYNC);

    private ExportChild()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final Path dir = Path.of(args[0]);
        if (args[1].equals("writer"))
        {
            try (Store store = Store.open(dir, OPTIONS))
            {
                store.put(Workload.key(1), Workload.longBytes(7));
                store.put(Workload.key(2), new byte[200_000]);
                for (final SharedExport export : new SharedExport[] {store.export(Workload.key(1)),
                    store.export(Workload.key(2), ExportRoute.MAPPED), store.export(Workload.key(2), ExportRoute.SHM)})
                {
                    System.out.println("export " + export.descriptor());
                }
                System.out.println("ready");
                System.out.flush();
                for (int i = 0; ; i++)
                {
                    store.put(Workload.key(100 + i % 50), Workload.longBytes(i));
                    Thread.sleep(5);
                }
            }
        }
        for (int i = 3; i < args.length; i++)
        {
            final DirectBuffer view = SharedExport.attach(args[i]);
            final CRC32C crc = new CRC32C();
            final byte[] bytes = new byte[view.capacity()];
            view.getBytes(0, bytes);
            crc.update(bytes);
            System.out.println("attached " + view.capacity() + " " + String.format("%08x", (int)crc.getValue()));
        }
        try (LiveCounters counters = LiveCounters.open(dir))
        {
            for (int i = 0; i < Integer.parseInt(args[2]); i++)
            {
                final long commits = counters.read().stream().filter(c -> c.label().equals("commits")).findFirst().orElseThrow().value();
                System.out.println("commits " + commits);
                System.out.flush();
                Thread.sleep(50);
            }
        }
    }
}
