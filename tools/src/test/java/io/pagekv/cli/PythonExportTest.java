package io.pagekv.cli;

import io.pagekv.Durability;
import io.pagekv.ExportRoute;
import io.pagekv.SharedExport;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * CPython attaches to exports of this JVM with {@code tools/python/pagekv_export.py}: values of
 * 10 B, 1 MiB and 64 MiB, hashed in Python through the view without a copy (the anonymous
 * memory of the Python process grows by far less than the value), and the export survives the
 * Python process's exit, resource tracker included, until it is closed.
 *
 * <p>Without {@code python3} on the path the test fails, saying so; {@code -Dpagekv.skipPython=true}
 * turns that into a skip that the report shows.
 */
class PythonExportTest
{
    private static final Path SCRIPT = Path.of("python", "pagekv_export.py").toAbsolutePath();
    private static final Pattern SHA = Pattern.compile("\"sha256\": \"([0-9a-f]{64})\"");
    private static final Pattern GROWTH = Pattern.compile("\"anonRssGrowth\": (-?[0-9]+)");

    @TempDir
    Path dir;

    @BeforeAll
    static void python3IsThere() throws IOException, InterruptedException
    {
        assumeFalse(Boolean.getBoolean("pagekv.skipPython"), "CPython export test SKIPPED on request (-Dpagekv.skipPython=true)");
        final Processes.Result version;
        try
        {
            version = Processes.run(List.of("python3", "--version"), new byte[0], Path.of("."), 30);
        }
        catch (final IOException ex)
        {
            fail("python3 is not on the PATH, so the CPython export test cannot run: install python3 (3.8 or later), " +
                "or pass -Dpagekv.skipPython=true to skip it knowingly (" + ex.getMessage() + ")");
            return;
        }
        assertEquals(0, version.status(), "python3 --version failed: " + version);
        assertTrue(Files.isRegularFile(SCRIPT), "missing " + SCRIPT);
    }

    private static Processes.Result python(final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of("python3"));
        command.addAll(List.of(args));
        return Processes.run(command, new byte[0], SCRIPT.getParent(), 120);
    }

    private static String sha256(final byte[] value) throws NoSuchAlgorithmException
    {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
    }

    private static String group(final Pattern pattern, final String text)
    {
        final Matcher m = pattern.matcher(text);
        assertTrue(m.find(), "no " + pattern + " in " + text);
        return m.group(1);
    }

    private static byte[] read(final DirectBuffer view)
    {
        final byte[] copy = new byte[view.capacity()];
        view.getBytes(0, copy);
        return copy;
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void pythonHashesExportsWithoutCopyingAndLeavesThemAlive() throws Exception
    {
        final int[] sizes = {10, 1 << 20, 64 << 20};
        try (Store store = Store.open(dir, StoreOptions.defaults().withDurability(Durability.ASYNC)))
        {
            final Random random = new Random(15);
            for (final int size : sizes)
            {
                final byte[] value = new byte[size];
                random.nextBytes(value);
                store.put(bytes("v" + size), value);
                for (final ExportRoute route : new ExportRoute[] {ExportRoute.AUTO, ExportRoute.SHM})
                {
                    final SharedExport export = store.export(bytes("v" + size), route);
                    assertEquals(size <= 10 || route == ExportRoute.SHM ? ExportRoute.SHM : ExportRoute.MAPPED, export.route());
                    final Processes.Result hashed = python(SCRIPT.toString(), export.descriptor());
                    assertEquals(0, hashed.status(), hashed.toString());
                    assertEquals(sha256(value), group(SHA, hashed.out()), "python hashed other bytes: " + hashed);
                    final long growth = Long.parseLong(group(GROWTH, hashed.out()));
                    assertTrue(growth < Math.max(8 << 20, size / 4),
                        "python's anonymous memory grew by " + growth + " bytes hashing " + size + ": a copy was made? " + hashed);
                    final Processes.Result checked = python("-c", "import pagekv_export as p, sys\n" +
                        "e = p.attach(sys.argv[1], verify=" + (size <= 1 << 20 ? "True" : "False") + ")\n" +
                        "print(len(e.view), bytes(e.view[:4]).hex())\n", export.descriptor());
                    assertEquals(0, checked.status(), checked.toString());
                    assertEquals(size + " " + HexFormat.of().formatHex(value, 0, 4), checked.out().strip());

                    assertEquals(sha256(value), sha256(read(SharedExport.attach(export.descriptor()))),
                        "the export is still readable after python exited");
                    export.close();
                    if (export.route() == ExportRoute.SHM)
                    {
                        final Processes.Result gone = python(SCRIPT.toString(), export.descriptor());
                        assertEquals(3, gone.status(), "a closed shm export must be gone: " + gone);
                        assertTrue(gone.err().contains("refused"), gone.toString());
                    }
                }
            }
        }
    }

    @Test
    void sharedMemoryOpenedByPythonSurvivesTheResourceTracker() throws Exception
    {
        try (Store store = Store.open(dir))
        {
            store.put(bytes("k"), bytes("resource tracker"));
            try (SharedExport export = store.export(bytes("k")); SharedExport control = store.export(bytes("k")))
            {
                final Path object = Path.of("/dev/shm", export.name());
                final Processes.Result opened = python("-c", "import pagekv_export as p, sys\n" +
                    "shm = p.open_shared_memory(sys.argv[1])\n" +
                    "print(bytes(shm.buf[:16]).decode())\n" +
                    "shm.close()\n", export.descriptor());
                assertEquals(0, opened.status(), opened.toString());
                assertEquals("resource tracker", opened.out().strip());
                // The control attaches the plain way: CPython <= 3.12's resource tracker unlinks it
                // after the process exits, asynchronously. Once it is gone, the tracker of the
                // first process has had as long to act.
                final Path controlObject = Path.of("/dev/shm", control.name());
                final Processes.Result naive = python("-c", "from multiprocessing import shared_memory as s\n" +
                    "s.SharedMemory(name='" + control.name() + "').close()\n");
                assertEquals(0, naive.status(), naive.toString());
                for (int i = 0; i < 100 && Files.exists(controlObject); i++)
                {
                    Thread.sleep(100);
                }
                assertFalse(Files.exists(controlObject), "the control was not unlinked by the resource tracker: the test proves nothing");
                assertFalse(opened.err().contains("leaked"), "the resource tracker saw the object: " + opened);
                assertTrue(Files.exists(object), "python's exit unlinked " + object);
                assertEquals("resource tracker", new String(read(SharedExport.attach(export.descriptor())), StandardCharsets.UTF_8));

                final Processes.Result numpy = python("-c", "import pagekv_export as p, sys\n" +
                    "try:\n    import numpy\nexcept ImportError:\n    print('no numpy'); sys.exit(0)\n" +
                    "e = p.attach(sys.argv[1])\n" +
                    "print(numpy.frombuffer(e.view, dtype=numpy.uint8).sum())\n", export.descriptor());
                assertEquals(0, numpy.status(), numpy.toString());
                final String sum = String.valueOf(bytes("resource tracker").length == 16 ? sumOf(bytes("resource tracker")) : -1);
                assertTrue(numpy.out().strip().equals("no numpy") || numpy.out().strip().equals(sum), numpy.toString());
            }
        }
    }

    @Test
    void pythonRefusesHostileDescriptors() throws Exception
    {
        try (Store store = Store.open(dir))
        {
            store.put(bytes("k"), new byte[300_000]);
            try (SharedExport export = store.export(bytes("k")))
            {
                final String good = export.descriptor();
                final String[] hostile = {
                    good.replaceFirst("\"crc32c\":\"[0-9a-f]{8}\"", "\"crc32c\":\"00000000\""),
                    good.replaceFirst("\"offset\":[0-9]+", "\"offset\":999999999"),
                    good.replaceFirst("\"file\":\"[^\"]*\"", "\"file\":\"/etc/passwd\""),
                    good.replace("\"txn\"", "\"txn\":1,\"txn\""),
                };
                for (final String descriptor : hostile)
                {
                    final Processes.Result refused = python("-c", "import pagekv_export as p, sys\n" +
                        "try:\n    p.attach(sys.argv[1], verify=True)\nexcept p.ExportRefused as ex:\n    print('refused', ex); sys.exit(3)\n",
                        descriptor);
                    assertEquals(3, refused.status(), descriptor + " -> " + refused);
                }
            }
        }
    }

    private static long sumOf(final byte[] value)
    {
        long sum = 0;
        for (final byte b : value)
        {
            sum += b & 0xFF;
        }
        return sum;
    }
}
