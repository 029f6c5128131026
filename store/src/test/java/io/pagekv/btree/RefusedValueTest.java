package io.pagekv.btree;

import io.pagekv.CorruptStoreException;
import io.pagekv.format.FormatVersion;
import io.pagekv.format.LeafLayout;
import io.pagekv.format.OverflowLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.page.PageStore;
import io.pagekv.page.Segment;
import io.pagekv.value.ValueKind;
import io.pagekv.value.ValueReader;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A leaf cell whose value kind or flags this build does not know is refused, naming file, page
 * and offset, on every path that reads a value: a point read, a cursor, and a write transaction
 * that touches its leaf. The pages are damaged and re-sealed with a valid checksum, so only the
 * value decoder stands between them and the caller.
 */
class RefusedValueTest
{
    /** A byte of a cell set to a value version 1 never writes there. */
    record Damage(int field, int value)
    {
        @Override
        public String toString()
        {
            return (field == LeafLayout.VALUE_KIND_OFFSET ? "value kind " : "flags ") + value;
        }
    }

    private static final byte[] DAMAGED = bytes("c");
    private static final int BIG_LENGTH = 5000;

    private ScratchSegment scratch;
    private PageStore pages;
    private long root;
    private int depth;
    private long entries;

    static List<Damage> damages()
    {
        return List.of(
            new Damage(LeafLayout.VALUE_KIND_OFFSET, 4),
            new Damage(LeafLayout.VALUE_KIND_OFFSET, 5),
            new Damage(LeafLayout.VALUE_KIND_OFFSET, LeafNode.VALUE_PENDING),
            new Damage(LeafLayout.VALUE_KIND_OFFSET, LeafNode.VALUE_PENDING_LZ4),
            new Damage(LeafLayout.CELL_FLAGS_OFFSET, 1),
            new Damage(LeafLayout.CELL_FLAGS_OFFSET, 0x80));
    }

    @BeforeEach
    void commitOneLeaf(@TempDir final Path dir) throws IOException
    {
        scratch = new ScratchSegment(dir, 64);
        pages = scratch.pages();
        final WriteTree tree = new WriteTree(pages, PageAddress.NONE, 0, 0);
        for (final String key : List.of("a", "b", "c", "d", "e"))
        {
            tree.put(bytes(key), bytes("v-" + key));
        }
        tree.put(bytes("big"), bigValue());
        root = scratch.commit(tree);
        depth = tree.depth();
        entries = tree.entryCount();
        assertEquals(1, depth, "one leaf");
    }

    @AfterEach
    void close() throws IOException
    {
        scratch.close();
    }

    @Test
    void undamagedValuesAreServed()
    {
        assertArrayEquals(bytes("v-c"), lookup(DAMAGED));
        assertArrayEquals(bigValue(), lookup(bytes("big")));
        assertArrayEquals(bigValue(), tree().get(bytes("big")));
    }

    @ParameterizedTest
    @MethodSource("damages")
    void pointReadRefusesTheCell(final Damage damage) throws IOException
    {
        final long offset = damage(DAMAGED, damage);
        assertRefused(offset, () -> lookup(DAMAGED));
        assertArrayEquals(bytes("v-a"), lookup(bytes("a")), "the other cells of the leaf still read");
    }

    @ParameterizedTest
    @MethodSource("damages")
    void cursorRefusesTheCellWhenItReachesIt(final Damage damage) throws IOException
    {
        final long offset = damage(DAMAGED, damage);
        final TreeCursor cursor = new TreeCursor(pages, root, depth);
        final UnsafeBuffer key = new UnsafeBuffer(0, 0);
        final UnsafeBuffer value = new UnsafeBuffer(0, 0);
        assertTrue(cursor.first());
        cursor.wrapValue(value);
        assertTrue(cursor.next());
        cursor.wrapValue(value);
        assertTrue(cursor.next());
        cursor.wrapValue(value);
        assertTrue(cursor.next());
        cursor.wrapKey(key);
        assertArrayEquals(DAMAGED, copy(key));
        assertRefused(offset, () -> cursor.wrapValue(value));
        assertTrue(cursor.seekExact(new UnsafeBuffer(DAMAGED), 0, DAMAGED.length));
        assertRefused(offset, () -> cursor.wrapValue(value));
    }

    @ParameterizedTest
    @MethodSource("damages")
    void writeTransactionRefusesTheLeafItWouldCopy(final Damage damage) throws IOException
    {
        final long offset = damage(DAMAGED, damage);
        assertRefused(offset, () -> tree().get(DAMAGED));
        assertRefused(offset, () -> tree().put(DAMAGED, bytes("new")));
        assertRefused(offset, () -> tree().delete(DAMAGED));
        assertRefused(offset, () -> tree().put(bytes("a"), bytes("new")));
        assertRefused(offset, () -> tree().put(bytes("f"), bytes("new")));
    }

    @Test
    void inlineValueRunningPastItsPageIsRefused() throws IOException
    {
        final int page = scratch.segment().offset(PageAddress.pageIndex(root));
        final int cell = cell(DAMAGED);
        reseal(page, ScratchSegment.PAGE_SIZE,
            b -> b.putInt(cell - page + LeafLayout.VALUE_LENGTH_OFFSET, ScratchSegment.PAGE_SIZE, FormatVersion.ORDER));
        assertRefused(cell + LeafLayout.VALUE_LENGTH_OFFSET, () -> lookup(DAMAGED));
        assertRefused(cell + LeafLayout.VALUE_LENGTH_OFFSET, () -> tree().put(bytes("a"), bytes("new")));
    }

    /**
     * A write transaction takes a committed leaf's bytes used from its header only if the page's
     * first read found its cells agree (decision 54): a header that undercounts, re-sealed, would
     * otherwise let the leaf grow past its page before it splits. Walked, it splits in time.
     */
    @Test
    void aLeafWhoseHeaderMiscountsItsBytesIsWalkedNotTrusted() throws IOException
    {
        final int index = PageAddress.pageIndex(root);
        final int page = scratch.segment().offset(index);
        scratch.segment().checkedPage(index, PageType.LEAF);
        assertTrue(scratch.segment().leafAgreesWithHeader(index), "a leaf as written agrees with its header");
        final int used = PageLayout.aux1(scratch.segment().buffer(), page);
        reseal(page, ScratchSegment.PAGE_SIZE, b -> b.putInt(PageLayout.AUX1_OFFSET, PageLayout.HEADER_LENGTH, FormatVersion.ORDER));
        try (ScratchSegment reread = scratch.reopen())
        {
            final Segment segment = reread.segment();
            segment.checkedPage(index, PageType.LEAF);
            assertFalse(segment.leafAgreesWithHeader(index), "the first read found the header's " + PageLayout.HEADER_LENGTH +
                " bytes used against the cells' " + used);
            final WriteTree tree = new WriteTree(reread.pages(), root, depth, entries);
            final java.util.TreeMap<String, String> model = new java.util.TreeMap<>();
            for (int i = 0; i < 200; i++)
            {
                final String key = "k" + (1000 + i);
                tree.put(bytes(key), bytes("value-" + key + "-0123456789"));
                model.put(key, "value-" + key + "-0123456789");
            }
            final long newRoot = reread.commit(tree);
            assertTrue(tree.depth() > 1, "the leaf split");
            final WriteTree after = new WriteTree(reread.pages(), newRoot, tree.depth(), tree.entryCount());
            for (final var entry : model.entrySet())
            {
                assertArrayEquals(bytes(entry.getValue()), after.get(bytes(entry.getKey())), entry.getKey());
            }
            assertArrayEquals(bytes("v-c"), after.get(DAMAGED));
            assertArrayEquals(bigValue(), after.get(bytes("big")));
        }
    }

    /**
     * Cells laid out in the other order (cell 0 nearest the slots), which every reader accepts but
     * no writer makes, do not agree with the header: such a leaf is copied cell by cell, never as
     * blocks of a packed page (decision 61), and a commit that changes some of its entries keeps
     * the others as they were.
     */
    @Test
    void aLeafWhoseCellsAreNotPackedInOrderIsCopiedCellByCell() throws IOException
    {
        final int index = PageAddress.pageIndex(root);
        final int page = scratch.segment().offset(index);
        reseal(page, ScratchSegment.PAGE_SIZE, RefusedValueTest::reverseCells);
        try (ScratchSegment reread = scratch.reopen())
        {
            final Segment segment = reread.segment();
            segment.checkedPage(index, PageType.LEAF);
            assertFalse(segment.leafAgreesWithHeader(index), "cells in the other order are not packed");
            final WriteTree tree = new WriteTree(reread.pages(), root, depth, entries);
            tree.put(bytes("b"), bytes("new-b"));
            tree.put(bytes("bb"), bytes("new-bb"));
            final long newRoot = reread.commit(tree);
            final WriteTree after = new WriteTree(reread.pages(), newRoot, tree.depth(), tree.entryCount());
            for (final String key : List.of("a", "c", "d", "e"))
            {
                assertArrayEquals(bytes("v-" + key), after.get(bytes(key)), key);
            }
            assertArrayEquals(bytes("new-b"), after.get(bytes("b")));
            assertArrayEquals(bytes("new-bb"), after.get(bytes("bb")));
            assertArrayEquals(bigValue(), after.get(bytes("big")));
            reread.segment().checkedPage(PageAddress.pageIndex(newRoot), PageType.LEAF);
            assertTrue(reread.segment().leafAgreesWithHeader(PageAddress.pageIndex(newRoot)), "the copy is written packed");
        }
    }

    /** Lays a packed leaf's cells out again with cell 0 lowest in the page, the slots in key order as before. */
    private static void reverseCells(final UnsafeBuffer page)
    {
        final int count = PageLayout.count(page, 0);
        final byte[][] cells = new byte[count][];
        int end = ScratchSegment.PAGE_SIZE;
        for (int i = 0; i < count; i++)
        {
            final int cell = LeafLayout.cell(page, 0, i);
            cells[i] = new byte[end - cell];
            page.getBytes(cell, cells[i]);
            end = cell;
        }
        int at = ScratchSegment.PAGE_SIZE;
        for (int i = count - 1; i >= 0; i--)
        {
            at -= cells[i].length;
            page.putBytes(at, cells[i]);
            page.putShort(LeafLayout.SLOTS_OFFSET + i * LeafLayout.SLOT_LENGTH, (short)at, FormatVersion.ORDER);
        }
        assertEquals(end, at, "the cells take the same bytes");
    }

    @Test
    void dirtyLeafChecksTheLengthOfItsOverflowRun() throws IOException
    {
        final byte[] big = bytes("big");
        final long runId = overflowRunOf(big);
        final int run = scratch.segment().offset(PageAddress.pageIndex(runId));
        final int runLength = OverflowLayout.pagesFor(BIG_LENGTH, ScratchSegment.PAGE_SIZE) * ScratchSegment.PAGE_SIZE;
        assertEquals(OverflowLayout.pagesFor(BIG_LENGTH, ScratchSegment.PAGE_SIZE), OverflowLayout.pagesFor(BIG_LENGTH - 1, ScratchSegment.PAGE_SIZE));
        reseal(run, runLength, b -> b.putInt(PageLayout.AUX2_OFFSET, BIG_LENGTH - 1, FormatVersion.ORDER));

        final WriteTree tree = tree();
        tree.put(bytes("a"), bytes("dirty"));
        assertRefused(run + PageLayout.AUX2_OFFSET, () -> tree.get(big));
        assertRefused(run + PageLayout.AUX2_OFFSET, () -> lookup(big));
    }

    @Test
    void inMemoryMarkersUseNumbersNoFormatVersionWrites()
    {
        for (final int marker : new int[] {LeafNode.VALUE_PENDING, LeafNode.VALUE_PENDING_LZ4})
        {
            assertFalse(ValueKind.isOnDisk(marker));
            assertFalse(ValueKind.isReadable(marker));
            assertTrue(marker >= LeafLayout.FIRST_MEMORY_KIND && marker <= 0xFF);
        }
        assertTrue(ValueKind.isOnDisk(LeafLayout.VALUE_LZ4) && ValueKind.isReadable(LeafLayout.VALUE_LZ4));
        assertTrue(ValueKind.isOnDisk(LeafLayout.VALUE_LZ4_INLINE) && ValueKind.isReadable(LeafLayout.VALUE_LZ4_INLINE));
    }

    private void assertRefused(final long offset, final Executable read)
    {
        final CorruptStoreException ex = assertThrows(CorruptStoreException.class, read);
        assertEquals(scratch.segment().path(), ex.file(), ex.getMessage());
        assertEquals(offset / ScratchSegment.PAGE_SIZE, ex.page(), ex.getMessage());
        assertEquals(offset, ex.offset(), ex.getMessage());
    }

    private WriteTree tree()
    {
        return new WriteTree(pages, root, depth, entries);
    }

    private byte[] lookup(final byte[] key)
    {
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        assertTrue(PointLookup.find(ValueReader.uncached(pages), root, depth, new UnsafeBuffer(key), 0, key.length, view));
        return copy(view);
    }

    /** @return the file offset of the damaged byte. */
    private long damage(final byte[] key, final Damage damage) throws IOException
    {
        final int page = scratch.segment().offset(PageAddress.pageIndex(root));
        final int cell = cell(key);
        reseal(page, ScratchSegment.PAGE_SIZE, b -> b.putByte(cell - page + damage.field(), (byte)damage.value()));
        return cell + damage.field();
    }

    private int cell(final byte[] key)
    {
        final UnsafeBuffer buffer = scratch.segment().buffer();
        final int page = scratch.segment().offset(PageAddress.pageIndex(root));
        final int index = PageSearch.leaf(buffer, page, new UnsafeBuffer(key), 0, key.length);
        assertTrue(index >= 0);
        return LeafLayout.cell(buffer, page, index);
    }

    private long overflowRunOf(final byte[] key)
    {
        final UnsafeBuffer buffer = scratch.segment().buffer();
        return buffer.getLong(LeafLayout.valueOffset(buffer, cell(key)), FormatVersion.ORDER);
    }

    /** Copies {@code length} bytes at {@code offset}, changes them, re-seals the page's CRC and writes them back. */
    private void reseal(final int offset, final int length, final Consumer<UnsafeBuffer> change)
        throws IOException
    {
        final byte[] bytes = new byte[length];
        scratch.segment().buffer().getBytes(offset, bytes);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        change.accept(buffer);
        PageLayout.seal(buffer, 0, length);
        scratch.overwrite(offset, ByteBuffer.wrap(bytes));
    }

    private static byte[] bigValue()
    {
        final byte[] value = new byte[BIG_LENGTH];
        Arrays.fill(value, (byte)7);
        return value;
    }

    private static byte[] copy(final UnsafeBuffer view)
    {
        final byte[] bytes = new byte[view.capacity()];
        view.getBytes(0, bytes);
        return bytes;
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
