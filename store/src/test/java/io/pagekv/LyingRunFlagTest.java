package io.pagekv;

import io.pagekv.format.LeafLayout;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A leaf whose flag says it names no overflow run ({@link LeafLayout#FLAG_NO_RUNS}) while one of
 * its cells names one, re-sealed with a valid checksum (decision 45): the checker reports it at
 * the flags byte, the page inspector names it, a read of the leaf is refused, and compaction,
 * which trusts the flag to skip a leaf's cells, refuses too instead of retiring the segment that
 * holds the run. Every other value reads right, and the run is still there afterwards.
 */
class LyingRunFlagTest
{
    private static final byte[] LARGE_KEY = "k0100".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void aLyingFlagIsReportedAndNeverLetsCompactionLoseTheRun() throws IOException
    {
        final NavigableMap<byte[], byte[]> model = TestStores.model();
        try (Store store = Store.open(dir, StoreOptions.defaults().withSegmentSize(StoreOptions.MIN_SEGMENT_SIZE)
            .withCompaction(CompactionPolicy.off())))
        {
            for (int commit = 0; commit < 12; commit++)
            {
                try (WriteTxn txn = store.beginWrite())
                {
                    for (int k = commit * 20; k < commit * 20 + 40; k++)
                    {
                        final byte[] key = String.format("k%04d", k).getBytes(StandardCharsets.US_ASCII);
                        final byte[] value = new byte[Arrays.equals(key, LARGE_KEY) ? 5000 : 60];
                        Arrays.fill(value, (byte)(commit + k));
                        txn.put(key, value);
                        model.put(key, value);
                    }
                    txn.commit();
                }
            }
            TestStores.assertClean(store);
        }
        final PageDetail leaf = liveLeafNamingTheLargeValue();
        final long flagsAt = leaf.fileOffset() + PageLayout.FLAGS_OFFSET;
        assertEquals(0, leaf.flags() & LeafLayout.FLAG_NO_RUNS, "a leaf that names a run is written without the flag");
        final long run = leaf.entries().stream().filter(e -> Arrays.equals(e.key(), LARGE_KEY)).findFirst().orElseThrow().overflowPageId();
        lie(leaf);

        try (Store store = Store.openReadOnly(dir))
        {
            final List<VerifyProblem> problems = store.verify().problems();
            assertTrue(problems.stream().anyMatch(p -> p.offset() == flagsAt && p.what().contains("flags")), problems.toString());
            final List<String> seen = store.inspect().page(leaf.summary().pageId()).problems();
            assertTrue(seen.stream().anyMatch(p -> p.contains("flags say no entry names an overflow run")), seen.toString());
        }
        try (Store store = Store.open(dir, StoreOptions.defaults().withCompaction(CompactionPolicy.off())))
        {
            assertThrows(CorruptStoreException.class, store::compact);
            assertThrows(CorruptStoreException.class, () -> store.get(LARGE_KEY));
            int served = 0;
            for (final Map.Entry<byte[], byte[]> entry : model.entrySet())
            {
                try
                {
                    assertArrayEquals(entry.getValue(), store.get(entry.getKey()));
                    served++;
                }
                catch (final CorruptStoreException ex)
                {
                    assertEquals(flagsAt, ex.offset(), ex.getMessage());
                }
            }
            assertTrue(served >= model.size() - leaf.entries().size(), "only the damaged leaf's entries are refused: " + served);
        }
        try (Store store = Store.openReadOnly(dir))
        {
            final PageDetail kept = store.inspect().page(run);
            assertTrue(kept.summary().crcMatches() && kept.summary().type() == PageType.OVERFLOW, "the run is still there: " + kept);
        }
    }

    /** @return the newest leaf page holding the large value's key as an overflow run: the live one. */
    private PageDetail liveLeafNamingTheLargeValue()
    {
        try (Store store = Store.openReadOnly(dir))
        {
            final PageInspector inspector = store.inspect();
            PageDetail newest = null;
            for (final PageSummary page : inspector.pages())
            {
                if (page.type() != PageType.LEAF || (newest != null && page.txnId() < newest.summary().txnId()))
                {
                    continue;
                }
                final PageDetail detail = inspector.page(page.pageId());
                if (detail.entries().stream().anyMatch(e -> Arrays.equals(e.key(), LARGE_KEY) && e.overflowPageId() != -1))
                {
                    newest = detail;
                }
            }
            assertNotNull(newest, "no leaf names the large value's run");
            return newest;
        }
    }

    /** Sets the flag in the leaf and re-seals its checksum, as a bug or a forger would. */
    private static void lie(final PageDetail leaf) throws IOException
    {
        final UnsafeBuffer page = new UnsafeBuffer(leaf.bytes().clone());
        page.putByte(PageLayout.FLAGS_OFFSET, (byte)(leaf.flags() | LeafLayout.FLAG_NO_RUNS));
        PageLayout.seal(page, 0, page.capacity());
        assertTrue(Files.exists(leaf.file()));
        try (RandomAccessFile file = new RandomAccessFile(leaf.file().toFile(), "rw"))
        {
            file.seek(leaf.fileOffset());
            file.write(page.byteArray());
        }
    }
}
