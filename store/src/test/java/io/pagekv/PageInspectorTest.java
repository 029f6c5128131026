package io.pagekv;

import io.pagekv.format.PageAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PageInspector} lists and decodes the pages on disk, reports a damaged page instead of
 * refusing it, and {@link WriterLockInfo} names the writer lock's holder.
 */
class PageInspectorTest
{
    @TempDir
    Path dir;

    private void fill()
    {
        try (Store store = Store.open(dir))
        {
            try (WriteTxn txn = store.beginWrite())
            {
                for (int i = 0; i < 300; i++)
                {
                    txn.put(key(i), new byte[100]);
                }
                txn.commit();
            }
            final byte[] large = new byte[10_000];
            Arrays.fill(large, (byte)7);
            store.put("large".getBytes(StandardCharsets.US_ASCII), large);
        }
    }

    private static byte[] key(final int i)
    {
        return String.format("k%05d", i).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void listsEveryPageOfTheLogWithItsHeader()
    {
        fill();
        try (Store store = Store.openReadOnly(dir))
        {
            final List<PageSummary> pages = store.inspect().pages();
            assertEquals("segment-header", pages.get(0).typeName());
            assertEquals("0:0", pages.get(0).address());
            assertEquals("commit", pages.get(1).typeName());
            assertEquals(0, pages.get(1).txnId());
            assertTrue(pages.stream().allMatch(PageSummary::intact), pages::toString);
            assertEquals(3, pages.stream().filter(p -> p.typeName().equals("commit")).count(), "txns 0, 1 and 2");
            final PageSummary run = pages.stream().filter(p -> p.typeName().equals("overflow")).findFirst().orElseThrow();
            assertEquals(3, run.pages());
            assertEquals(10_000, run.aux2());
            assertTrue(pages.stream().anyMatch(p -> p.typeName().equals("branch")), pages::toString);
            final PageSummary last = pages.get(pages.size() - 1);
            assertEquals(PageAddress.of(0, last.index()), last.pageId());
            assertEquals("unwritten", store.inspect().page(PageAddress.of(0, last.index() + 1)).summary().typeName());
        }
    }

    @Test
    void decodesLeafBranchCommitAndSegmentHeader()
    {
        fill();
        try (Store store = Store.openReadOnly(dir))
        {
            final PageInspector inspector = store.inspect();
            final List<PageSummary> pages = inspector.pages();
            final PageSummary lastCommit = pages.stream().filter(p -> p.typeName().equals("commit")).reduce((a, b) -> b).orElseThrow();
            final PageDetail commit = inspector.page(lastCommit.pageId());
            assertEquals(2, commit.summary().txnId());
            assertEquals(301, commit.commit().entryCount());
            assertEquals(2, commit.commit().depth());

            final PageDetail root = inspector.page(commit.commit().root());
            assertEquals("branch", root.summary().typeName());
            assertEquals(root.summary().count(), root.separators().size());
            final PageDetail firstLeaf = inspector.page(root.firstChild());
            assertEquals("leaf", firstLeaf.summary().typeName());
            assertArrayEquals(key(0), firstLeaf.entries().get(0).key());
            assertEquals("0 (inline)", firstLeaf.entries().get(0).valueKindName());
            assertEquals(100, firstLeaf.entries().get(0).valueLength());
            assertEquals(store.pageSize(), firstLeaf.bytes().length);
            assertTrue(firstLeaf.problems().isEmpty(), firstLeaf.problems()::toString);

            final PageDetail.LeafEntry large = pages.stream().filter(p -> p.typeName().equals("leaf"))
                .flatMap(p -> inspector.page(p.pageId()).entries().stream())
                .filter(e -> e.valueKind() == 1).findFirst().orElseThrow();
            assertEquals("overflow", inspector.page(large.overflowPageId()).summary().typeName());

            final PageDetail.SegmentHeader header = inspector.page(0).segmentHeader();
            assertNotNull(header);
            assertEquals(store.pageSize(), header.pageSize());
            assertEquals(store.info().storeId(), header.storeId());
        }
    }

    @Test
    void damagedPageIsReportedNotThrown() throws Exception
    {
        fill();
        final PageSummary leaf;
        try (Store store = Store.openReadOnly(dir))
        {
            leaf = store.inspect().pages().stream().filter(p -> p.typeName().equals("leaf") && p.txnId() == 1).findFirst().orElseThrow();
        }
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve("seg-000000").toFile(), "rw"))
        {
            // The slot of entry 0 now points past the page: the decoder must not follow it.
            file.seek((long)leaf.index() * 4096 + 32);
            file.write(new byte[] {(byte)0xF0, (byte)0xFF});
        }
        try (Store store = Store.openReadOnly(dir, StoreOptions.defaults().withDamagePolicy(DamagePolicy.OPEN_READ_ONLY_AT_LAST_GOOD)))
        {
            final PageSummary damaged = store.inspect().pages().stream().filter(p -> p.pageId() == leaf.pageId()).findFirst().orElseThrow();
            assertFalse(damaged.crcMatches());
            final PageDetail detail = store.inspect().page(leaf.pageId());
            assertTrue(detail.problems().get(0).startsWith("CRC32C"), detail.problems()::toString);
            assertTrue(detail.problems().get(1).startsWith("entry 0: cell at offset 65520"), detail.problems()::toString);
            assertTrue(detail.entries().isEmpty());
        }
    }

    @Test
    void unknownSegmentOrPageIsAnArgumentError()
    {
        fill();
        try (Store store = Store.openReadOnly(dir))
        {
            assertThrows(IllegalArgumentException.class, () -> store.inspect().page(PageAddress.of(7, 1)));
            assertThrows(IllegalArgumentException.class, () -> store.inspect().page(PageAddress.of(0, 1 << 30)));
            assertThrows(IllegalArgumentException.class, () -> store.inspect().pages(3));
        }
    }

    @Test
    void writerLockNamesThisProcessWhileItWritesAndNobodyAfter()
    {
        final long pid = ProcessHandle.current().pid();
        try (Store store = Store.open(dir))
        {
            final WriterLockInfo lock = WriterLockInfo.of(store);
            assertEquals(pid, lock.pid());
            assertTrue(lock.held() && lock.alive());
            assertTrue(lock.since() > 0);
            try (Store reader = Store.openReadOnly(dir))
            {
                assertTrue(WriterLockInfo.of(reader).held());
            }
            store.put(key(1), key(1));
        }
        try (Store store = Store.openReadOnly(dir))
        {
            final WriterLockInfo lock = WriterLockInfo.of(store);
            assertEquals(pid, lock.pid());
            assertFalse(lock.held());
        }
        try (Store store = Store.open(dir))
        {
            assertTrue(WriterLockInfo.of(store).held(), "probing from a read-only store left the writer's lock alone");
        }
    }

    @Test
    void writerLockOfAnotherProcessIsHeldUntilItDies() throws Exception
    {
        final Process child = TwoProcessLockTest.startHolder(dir);
        try
        {
            final BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked " + child.pid(), out.readLine());
            try (Store reader = Store.openReadOnly(dir))
            {
                final WriterLockInfo lock = WriterLockInfo.of(reader);
                assertEquals(new WriterLockInfo(child.pid(), lock.since(), true, true), lock);
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                final WriterLockInfo after = WriterLockInfo.of(reader);
                assertEquals(new WriterLockInfo(child.pid(), lock.since(), false, false), after);
            }
        }
        finally
        {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
    }
}
