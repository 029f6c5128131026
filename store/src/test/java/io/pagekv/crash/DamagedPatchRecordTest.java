package io.pagekv.crash;

import io.pagekv.CorruptStoreException;
import io.pagekv.DamagedHistoryException;
import io.pagekv.Store;
import io.pagekv.TestStores;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile files with damaged patch records: a damaged record with commits after it is damage
 * (the record was forced before they were written) and the open names it; random damage to
 * patch records either is refused with a {@link CorruptStoreException} or opens at a state the
 * store really had, verifying clean.
 */
@Tag("crash")
class DamagedPatchRecordTest
{
    private static final int PAGE = 4096;

    @TempDir
    Path tmp;

    @Test
    void aDamagedPatchRecordWithCommitsAfterItIsRefusedAndNamed() throws IOException
    {
        final Path reference = reference();
        final List<Long> records = patchRecordPages(reference.resolve("seg-000000"));
        assertTrue(records.size() >= 3, "patch records found: " + records);
        for (final long page : records)
        {
            final Path dir = tmp.resolve("damaged-" + page);
            copy(reference, dir);
            flip(dir.resolve("seg-000000"), page * PAGE + 70);
            final DamagedHistoryException ex = assertThrows(DamagedHistoryException.class, () -> Store.open(dir).close());
            assertEquals(page, ex.page(), ex.getMessage());
            assertTrue(ex.getMessage().contains("patch record"), ex.getMessage());
            assertThrows(DamagedHistoryException.class, () -> Store.openReadOnly(dir).close());
        }
    }

    @Test
    void randomDamageToPatchRecordsIsRefusedOrOpensAtARealState() throws IOException
    {
        final Path reference = reference();
        final List<Long> records = patchRecordPages(reference.resolve("seg-000000"));
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        int refused = 0;
        for (int i = 0; i < 24; i++)
        {
            final Path dir = tmp.resolve("random-" + i);
            copy(reference, dir);
            final long page = records.get(random.nextInt(records.size()));
            final long at = page * PAGE + random.nextInt(PAGE);
            flip(dir.resolve("seg-000000"), at);
            try (Store store = Store.open(dir))
            {
                TestStores.assertClean(store);
                assertArrayEquals(finalValue(), store.get(key()), "seed " + seed + ", byte " + at);
            }
            catch (final CorruptStoreException ex)
            {
                assertTrue(ex.getMessage().contains("seg-000000"), ex.getMessage());
                refused++;
            }
        }
        assertTrue(refused > 0, "seed " + seed + ": no damage was refused");
    }

    /**
     * A crash image of a store whose log holds, after its last checkpoint, three patch records,
     * each followed by a commit (a clean close would checkpoint past them, and records before
     * the checkpoint are never read again).
     */
    private Path reference()
    {
        final Path dir = tmp.resolve("reference");
        try (Store store = Store.open(tmp.resolve("live")))
        {
            store.putPatchable(key(), new byte[100]);
            for (int i = 0; i < 3; i++)
            {
                store.patch(key(), i * 10, ("patch" + i).getBytes(StandardCharsets.UTF_8));
                store.put(("other" + i).getBytes(StandardCharsets.UTF_8), new byte[10]);
            }
            assertArrayEquals(finalValue(), store.get(key()));
            TestStores.crashImage(tmp.resolve("live"), dir);
        }
        return dir;
    }

    private static byte[] finalValue()
    {
        final byte[] value = new byte[100];
        for (int i = 0; i < 3; i++)
        {
            final byte[] patch = ("patch" + i).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(patch, 0, value, i * 10, patch.length);
        }
        return value;
    }

    private static List<Long> patchRecordPages(final Path segment) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(segment);
        final List<Long> pages = new ArrayList<>();
        for (int page = 1; (page + 1) * PAGE <= bytes.length; page++)
        {
            if (bytes[page * PAGE + PageLayout.TYPE_OFFSET] == PageType.PATCH)
            {
                pages.add((long)page);
            }
        }
        return pages;
    }

    private static void flip(final Path file, final long at) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, at);
            one.put(0, (byte)(one.get(0) ^ 0x5A)).rewind();
            channel.write(one, at);
        }
    }

    private static void copy(final Path from, final Path to) throws IOException
    {
        Files.createDirectories(to);
        try (var files = Files.list(from))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    private static byte[] key()
    {
        return "patched".getBytes(StandardCharsets.UTF_8);
    }
}
