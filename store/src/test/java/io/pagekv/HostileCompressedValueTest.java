package io.pagekv;

import io.pagekv.codec.Codecs;
import io.pagekv.format.FormatVersion;
import io.pagekv.format.LeafLayout;
import io.pagekv.format.Lz4BlockLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compressed values in files whose checksums were re-sealed after the damage, so that only the
 * value decoder stands between the bytes and the reader: lying uncompressed lengths (2^31-1,
 * negative, above the largest value, one off), stored lengths larger than the run or the page,
 * garbage in the LZ4 block. Every read path gives a {@link CorruptStoreException} naming the file,
 * page and offset of the lie, or the right value; nothing else.
 */
class HostileCompressedValueTest
{
    private static final int PAGE = 4096;

    @TempDir
    Path tmp;

    private Path reference;
    private final byte[] inlineValue = ValueCompressionTest.json(11, 1500);
    private final byte[] runValue = ValueCompressionTest.json(12, 30_000);

    @BeforeEach
    void writeStore()
    {
        reference = tmp.resolve("reference");
        try (Store store = Store.open(reference, StoreOptions.defaults().withSegmentSize(256 << 10).withCompression(CompressionPolicy.lz4(0, 0))))
        {
            try (WriteTxn txn = store.beginWrite())
            {
                txn.put(bytes("inline"), inlineValue);
                txn.put(bytes("run"), runValue);
                txn.put(bytes("plain"), bytes("neighbour"));
                txn.commit();
            }
            assertEquals(LeafLayout.VALUE_LZ4_INLINE, StoredEntries.latest(store).get("inline").entry().valueKind());
            assertEquals(LeafLayout.VALUE_LZ4, StoredEntries.latest(store).get("run").entry().valueKind());
        }
    }

    @Test
    void lyingUncompressedLengthsAreNamedWhereTheyLie() throws IOException
    {
        final int[] lies = {Integer.MAX_VALUE, -1, Integer.MIN_VALUE, Store.MAX_VALUE_SIZE + 1, 0};
        for (final String key : new String[] {"inline", "run"})
        {
            final byte[] value = key.equals("inline") ? inlineValue : runValue;
            for (final int lie : new int[] {lies[0], lies[1], lies[2], lies[3], lies[4], value.length + 1, value.length - 1})
            {
                final Path dir = copy(key + lie);
                final Located at = locate(dir, key);
                writeInt(at.file, at.blockOffset + Lz4BlockLayout.RAW_LENGTH_OFFSET, lie);
                reseal(at.file, at.pageOffset, at.sealedLength);
                // A length shorter than what the block inflates to is found by LZ4 itself, which
                // stops at the end of the destination: then the error names the block.
                final boolean short_ = lie == 0 || lie == value.length - 1;
                assertEveryReadRefuses(dir, key, at,
                    at.blockOffset + (short_ ? Lz4BlockLayout.BLOCK_OFFSET : Lz4BlockLayout.RAW_LENGTH_OFFSET), "length " + lie);
            }
        }
    }

    @Test
    void aStoredLengthLargerThanTheRunOrThePageIsRefused() throws IOException
    {
        final Path runDir = copy("run-longer");
        final Located run = locate(runDir, "run");
        final long cellLength = run.leafOffset + run.cellOffset + LeafLayout.VALUE_LENGTH_OFFSET;
        writeInt(run.file, cellLength, readInt(run.file, cellLength) + PAGE);
        reseal(run.file, run.leafOffset, PAGE);
        assertEveryReadRefuses(runDir, "run", run, run.pageOffset + PageLayout.AUX2_OFFSET, "cell longer than its run");

        final Path auxDir = copy("run-aux");
        final Located aux = locate(auxDir, "run");
        writeInt(aux.file, aux.pageOffset + PageLayout.AUX2_OFFSET, readInt(aux.file, aux.pageOffset + PageLayout.AUX2_OFFSET) + 10 * PAGE);
        reseal(aux.file, aux.pageOffset, aux.sealedLength);
        assertEveryReadRefuses(auxDir, "run", aux, aux.pageOffset + PageLayout.AUX1_OFFSET, "run claims more bytes than its pages");

        final Path inlineDir = copy("inline-longer");
        final Located inline = locate(inlineDir, "inline");
        final long length = inline.leafOffset + inline.cellOffset + LeafLayout.VALUE_LENGTH_OFFSET;
        writeInt(inline.file, length, 3 * PAGE);
        reseal(inline.file, inline.leafOffset, PAGE);
        assertEveryReadRefuses(inlineDir, "inline", inline, length, "inline block past its page");
    }

    @Test
    void garbageInTheBlockGivesTheRightValueOrANamedError() throws IOException
    {
        final Random random = new Random(42);
        int refused = 0;
        for (int round = 0; round < 60; round++)
        {
            final String key = round % 2 == 0 ? "inline" : "run";
            final byte[] value = key.equals("inline") ? inlineValue : runValue;
            final Path dir = copy("garbage" + round);
            final Located at = locate(dir, key);
            final byte[] junk = new byte[1 + random.nextInt(16)];
            random.nextBytes(junk);
            final long where = at.blockOffset + Lz4BlockLayout.BLOCK_OFFSET + random.nextInt(at.blockLength - Lz4BlockLayout.BLOCK_OFFSET - junk.length);
            write(at.file, where, junk);
            reseal(at.file, at.pageOffset, at.sealedLength);
            try (Store store = Store.openReadOnly(dir))
            {
                // An LZ4 block has no checksum of its own: the page CRC, re-sealed here, is what guards
                // its bytes (a writer that re-seals can store any value). What the decoder guarantees
                // is a value of the claimed length, never an exception from inside LZ4.
                assertEquals(value.length, store.get(bytes(key)).length, "a block that inflates gives its claimed length");
            }
            catch (final CorruptStoreException ex)
            {
                refused++;
                assertEquals(at.file, ex.file(), ex.getMessage());
                assertEquals(at.pageOffset / PAGE, ex.page(), ex.getMessage());
            }
        }
        assertTrue(refused > 0, "no garbage was refused");
    }

    private void assertEveryReadRefuses(final Path dir, final String key, final Located at, final long offset, final String what)
    {
        try (Store store = Store.openReadOnly(dir))
        {
            assertRefused(at, offset, what + ": get", () -> store.get(bytes(key)));
            assertRefused(at, offset, what + ": typed get", () -> store.typed(Codecs.utf8(), Codecs.bytes()).get(key));
            try (Snapshot snap = store.snapshot())
            {
                assertRefused(at, offset, what + ": view", () -> snap.view(bytes(key)));
                try (Cursor cursor = snap.range(bytes(key), null))
                {
                    assertTrue(cursor.next());
                    assertRefused(at, offset, what + ": cursor", cursor::value);
                }
            }
            final VerifyReport report = store.verify();
            assertFalse(report.isClean(), what + ": verify finds it");
            assertArrayEquals(bytes("neighbour"), store.get(bytes("plain")), "the rest of the store reads");
        }
        try (Store store = Store.open(dir))
        {
            try (WriteTxn txn = store.beginWrite())
            {
                assertThrows(CorruptStoreException.class, () ->
                {
                    txn.put(bytes("plain"), bytes("changed"));
                    txn.get(bytes(key));
                }, what + ": a write transaction copying the leaf, or reading the value");
            }
        }
    }

    private static void assertRefused(final Located at, final long offset, final String what, final Executable read)
    {
        final CorruptStoreException ex = assertThrows(CorruptStoreException.class, read, what);
        assertEquals(offset / PAGE == at.leafOffset / PAGE ? at.leafFile : at.file, ex.file(), what + ": " + ex.getMessage());
        assertEquals(offset / PAGE, ex.page(), what + ": " + ex.getMessage());
        assertEquals(offset, ex.offset(), what + ": " + ex.getMessage());
    }

    /** Where a key's compressed value lies. */
    private record Located(Path file, Path leafFile, long leafOffset, int cellOffset, long pageOffset, int sealedLength, long blockOffset,
        int blockLength)
    {
    }

    private static Located locate(final Path dir, final String key)
    {
        try (Store store = Store.openReadOnly(dir))
        {
            final StoredEntries.Stored stored = StoredEntries.latest(store).get(key);
            final PageDetail leaf = stored.leaf();
            final PageDetail.LeafEntry entry = stored.entry();
            if (entry.overflowPageId() == PageAddress.NONE)
            {
                return new Located(leaf.file(), leaf.file(), leaf.fileOffset(), entry.cellOffset(), leaf.fileOffset(), PAGE,
                    stored.inlineOffset(), entry.valueLength());
            }
            final PageDetail run = store.inspect().page(entry.overflowPageId());
            return new Located(run.file(), leaf.file(), leaf.fileOffset(), entry.cellOffset(), run.fileOffset(),
                run.summary().aux1() * PAGE, run.fileOffset() + PageLayout.HEADER_LENGTH, entry.valueLength());
        }
    }

    private Path copy(final String name) throws IOException
    {
        final Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(reference))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        return dir;
    }

    private static void writeInt(final Path file, final long at, final int value) throws IOException
    {
        final byte[] bytes = new byte[4];
        new UnsafeBuffer(bytes).putInt(0, value, FormatVersion.ORDER);
        write(file, at, bytes);
    }

    private static int readInt(final Path file, final long at) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final ByteBuffer buffer = ByteBuffer.allocate(4);
            channel.read(buffer, at);
            return new UnsafeBuffer(buffer.array()).getInt(0, FormatVersion.ORDER);
        }
    }

    private static void write(final Path file, final long at, final byte[] bytes) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.wrap(bytes), at);
        }
    }

    /** Recomputes a page's (a run's) CRC after the damage, as a hostile writer would. */
    private static void reseal(final Path file, final long at, final int length) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer buffer = ByteBuffer.allocate(length);
            channel.read(buffer, at);
            PageLayout.seal(new UnsafeBuffer(buffer.array()), 0, length);
            buffer.clear();
            channel.write(buffer, at);
        }
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
