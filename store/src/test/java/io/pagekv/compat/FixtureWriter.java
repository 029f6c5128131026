package io.pagekv.compat;

import io.pagekv.Durability;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.WriteTxn;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Writes the format-compatibility fixture: a small store of several segments with inline and
 * overflow values, deletes and many commits, and {@code expected.txt}, its contents as
 * {@code hex(key) hex(value)} lines in key order. The fixture checked in under
 * {@code src/test/resources/compat/v1} was written by the build before the foundation refactor;
 * {@link FormatCompatibilityTest} keeps every later build reading it. Run this only to make a
 * fixture for a new format version, never to refresh the old one.
 *
 * <p>Usage: {@code FixtureWriter TARGET_DIR}; {@code TARGET_DIR/store} must not exist.
 */
public final class FixtureWriter
{
    static final long SEED = 0x5eed_10L;

    private FixtureWriter()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final Path target = Path.of(args[0]);
        final TreeMap<String, byte[]> model = new TreeMap<>();
        final SplittableRandom random = new SplittableRandom(SEED);
        final StoreOptions options = StoreOptions.defaults().withSegmentSize(128 << 10)
            .withDurability(Durability.SYNC).withCheckpointBytes(256 << 10);
        try (Store store = Store.open(target.resolve("store"), options))
        {
            for (int commit = 0; commit < 32; commit++)
            {
                try (WriteTxn txn = store.beginWrite())
                {
                    for (int op = 0; op < 20; op++)
                    {
                        final String key = String.format("key-%04d", random.nextInt(400));
                        if (random.nextInt(5) == 0)
                        {
                            txn.delete(key.getBytes(StandardCharsets.UTF_8));
                            model.remove(key);
                        }
                        else
                        {
                            final int length = op == 0 && commit % 7 == 0 ? 5000 + random.nextInt(9000) : random.nextInt(240);
                            final byte[] value = new byte[length];
                            random.nextBytes(value);
                            txn.put(key.getBytes(StandardCharsets.UTF_8), value);
                            model.put(key, value);
                        }
                    }
                    txn.commit();
                }
            }
        }
        final HexFormat hex = HexFormat.of();
        try (Writer out = Files.newBufferedWriter(target.resolve("expected.txt")))
        {
            for (final Map.Entry<String, byte[]> entry : model.entrySet())
            {
                out.write(hex.formatHex(entry.getKey().getBytes(StandardCharsets.UTF_8)) + " " + hex.formatHex(entry.getValue()) + "\n");
            }
        }
    }
}
