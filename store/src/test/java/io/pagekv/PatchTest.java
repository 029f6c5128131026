package io.pagekv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatchTest
{
    @TempDir
    Path dir;

    /** Where a backup goes: a directory of its own, deleted after the test like {@code dir}. */
    @TempDir
    Path backups;

    private static byte[] b(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void patchChangesTheValueInPlaceAndSurvivesReopen()
    {
        final byte[] value = new byte[10_000];
        Arrays.fill(value, (byte)7);
        try (Store store = Store.open(dir))
        {
            store.putPatchable(b("k"), value);
            final long txn = store.info().lastTxnId();
            store.patch(b("k"), 9_990, b("0123456789"));
            assertEquals(txn, store.info().lastTxnId(), "a patch makes no new version");
            System.arraycopy(b("0123456789"), 0, value, 9_990, 10);
            assertArrayEquals(value, store.get(b("k")));
            TestStores.assertClean(store);
        }
        try (Store store = Store.open(dir))
        {
            assertArrayEquals(value, store.get(b("k")));
            TestStores.assertClean(store);
        }
    }

    @Test
    void refusedPatchesChangeNothing()
    {
        try (Store store = Store.open(dir))
        {
            store.put(b("plain"), b("small"));
            store.put(b("large"), new byte[5000]);
            store.putPatchable(b("p"), new byte[16]);
            final long txn = store.info().lastTxnId();
            assertEquals(PatchRefusedException.Reason.MISSING_KEY,
                assertThrows(PatchRefusedException.class, () -> store.patch(b("nope"), 0, b("x"))).reason());
            assertEquals(PatchRefusedException.Reason.NOT_PATCHABLE,
                assertThrows(PatchRefusedException.class, () -> store.patch(b("plain"), 0, b("x"))).reason());
            assertEquals(PatchRefusedException.Reason.NOT_PATCHABLE,
                assertThrows(PatchRefusedException.class, () -> store.addAndGet(b("large"), 0, 1)).reason());
            assertEquals(PatchRefusedException.Reason.OUT_OF_RANGE,
                assertThrows(PatchRefusedException.class, () -> store.patch(b("p"), 10, new byte[7])).reason());
            assertEquals(PatchRefusedException.Reason.OUT_OF_RANGE,
                assertThrows(PatchRefusedException.class, () -> store.patch(b("p"), -1, new byte[1])).reason());
            assertEquals(PatchRefusedException.Reason.MISALIGNED,
                assertThrows(PatchRefusedException.class, () -> store.addAndGet(b("p"), 4, 1)).reason());
            assertEquals(PatchRefusedException.Reason.OUT_OF_RANGE,
                assertThrows(PatchRefusedException.class, () -> store.addAndGet(b("p"), 16, 1)).reason());
            assertArrayEquals(b("small"), store.get(b("plain")));
            assertArrayEquals(new byte[16], store.get(b("p")));
            assertEquals(txn, store.info().lastTxnId());
            TestStores.assertClean(store);
        }
    }

    @Test
    void countersAddCompareAndRead()
    {
        try (Store store = Store.open(dir))
        {
            store.putPatchable(b("c"), new byte[24]);
            assertEquals(5, store.addAndGet(b("c"), 8, 5));
            assertEquals(3, store.addAndGet(b("c"), 8, -2));
            assertTrue(store.compareAndSet(b("c"), 16, 0, 42));
            assertFalse(store.compareAndSet(b("c"), 16, 0, 43));
            assertEquals(42, store.getLong(b("c"), 16));
            assertEquals(0, store.getLong(b("c"), 0));
            final byte[] value = store.get(b("c"));
            assertEquals(3, ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getLong(8));
            TestStores.assertClean(store);
        }
        try (Store store = Store.open(dir))
        {
            assertEquals(3, store.getLong(b("c"), 8));
            assertEquals(42, store.getLong(b("c"), 16));
            TestStores.assertClean(store);
        }
    }

    @Test
    void aReadOnlyStoreMayUpdateCountersButNotPatch()
    {
        try (Store writer = Store.open(dir))
        {
            writer.putPatchable(b("c"), new byte[8]);
            try (Store reader = Store.openReadOnly(dir))
            {
                assertEquals(1, reader.addAndGet(b("c"), 0, 1));
                assertThrows(StoreException.class, () -> reader.patch(b("c"), 0, b("x")));
                assertEquals(1, writer.getLong(b("c"), 0));
                assertEquals(2, writer.addAndGet(b("c"), 0, 1));
                assertEquals(2, reader.getLong(b("c"), 0));
            }
            TestStores.assertClean(writer);
        }
    }

    @Test
    void aSnapshotSharingTheValueSeesThePatchOneWhoseValueWasReplacedDoesNot()
    {
        try (Store store = Store.open(dir))
        {
            store.putPatchable(b("k"), b("aaaa"));
            try (Snapshot shared = store.snapshot())
            {
                final org.agrona.DirectBuffer view = shared.view(b("k"));
                store.patch(b("k"), 0, b("b"));
                assertArrayEquals(b("baaa"), shared.get(b("k")));
                assertEquals('b', view.getByte(0), "a zero-copy view sees the patch too");
                store.putPatchable(b("k"), b("cccc"));
                store.patch(b("k"), 0, b("d"));
                assertArrayEquals(b("baaa"), shared.get(b("k")), "the snapshot's value is the replaced one");
                assertArrayEquals(b("dccc"), store.get(b("k")));
            }
            TestStores.assertClean(store);
        }
    }

    @Test
    void aBitFlipInAPatchedRunIsDetected() throws Exception
    {
        try (Store store = Store.open(dir))
        {
            store.putPatchable(b("k"), new byte[100]);
            store.patch(b("k"), 50, b("xyz"));
            store.addAndGet(b("k"), 8, 99);
        }
        final Path segment = dir.resolve("seg-000000");
        final long at = find(segment, b("xyz"));
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, at + 1);
            one.put(0, (byte)(one.get(0) ^ 0x10)).rewind();
            channel.write(one, at + 1);
        }
        try (Store store = Store.open(dir))
        {
            assertThrows(CorruptStoreException.class, () -> store.get(b("k")));
            assertFalse(store.verify().isClean());
        }
    }

    @Test
    void compactionNeverMovesAPatchableRunNorRetiresItsSegment()
    {
        final StoreOptions options = StoreOptions.defaults().withSegmentSize(1 << 20).withCompaction(CompactionPolicy.off());
        try (Store store = Store.open(dir, options))
        {
            store.putPatchable(b("counter"), new byte[8]);
            for (int i = 0; i < 600; i++)
            {
                store.put(b("k" + (i % 50)), new byte[3000]);
            }
            assertEquals(1, store.addAndGet(b("counter"), 0, 1));
            store.compact();
            assertEquals(2, store.addAndGet(b("counter"), 0, 1));
            assertTrue(Files.exists(dir.resolve("seg-000000")), "the segment holding the patchable run stays");
            TestStores.assertClean(store);
        }
        try (Store store = Store.open(dir, options))
        {
            assertEquals(2, store.getLong(b("counter"), 0));
            TestStores.assertClean(store);
        }
    }

    @Test
    void aSnapshotOfAnotherStoreInstanceSeesPatchesAndCountsOnTheValueItShares()
    {
        try (Store writer = Store.open(dir))
        {
            writer.putPatchable(b("k"), new byte[16]);
            try (Store reader = Store.openReadOnly(dir); Snapshot snapshot = reader.snapshot())
            {
                writer.patch(b("k"), 8, b("abc"));
                reader.addAndGet(b("k"), 0, 7);
                final byte[] expected = new byte[16];
                expected[0] = 7;
                System.arraycopy(b("abc"), 0, expected, 8, 3);
                assertArrayEquals(expected, snapshot.get(b("k")));
                assertArrayEquals(expected, writer.get(b("k")));
            }
            TestStores.assertClean(writer);
        }
    }

    @Test
    void aBackupKeepsValuesPatchable()
    {
        final Path copy = backups.resolve("copy");
        try (Store store = Store.open(dir))
        {
            store.putPatchable(b("p"), new byte[8]);
            store.put(b("plain"), new byte[8]);
            store.addAndGet(b("p"), 0, 5);
            store.backup(copy);
        }
        try (Store restored = Store.open(copy))
        {
            assertEquals(6, restored.addAndGet(b("p"), 0, 1));
            assertEquals(PatchRefusedException.Reason.NOT_PATCHABLE,
                assertThrows(PatchRefusedException.class, () -> restored.addAndGet(b("plain"), 0, 1)).reason());
            TestStores.assertClean(restored);
        }
    }

    static long find(final Path file, final byte[] needle) throws Exception
    {
        final byte[] bytes = Files.readAllBytes(file);
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (bytes[i + j] != needle[j])
                {
                    continue outer;
                }
            }
            // Skip the copy in the patch record: the run's bytes come first in the file.
            return i;
        }
        throw new AssertionError("not found");
    }
}
