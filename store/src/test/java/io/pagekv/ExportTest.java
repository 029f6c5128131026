package io.pagekv;

import io.pagekv.export.ExportDescriptor;
import io.pagekv.export.ShmObjects;
import io.pagekv.ipc.ProcessIdentity;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportTest
{
    @TempDir
    Path dir;

    static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] random(final int length, final long seed)
    {
        final byte[] value = new byte[length];
        new Random(seed).nextBytes(value);
        return value;
    }

    static byte[] read(final DirectBuffer view)
    {
        final byte[] copy = new byte[view.capacity()];
        view.getBytes(0, copy);
        return copy;
    }

    @Test
    void aSmallValueGoesThroughSharedMemoryOwnerOnlyAndCloseUnlinksIt() throws IOException
    {
        try (Store store = Store.open(dir))
        {
            store.put(bytes("k"), bytes("ten bytes!"));
            final SharedExport export = store.export(bytes("k"));
            assertEquals(ExportRoute.SHM, export.route());
            assertEquals(10, export.length());
            final Path object = ShmObjects.DIR.resolve(export.name());
            assertTrue(Files.exists(object));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(object)));
            assertTrue(export.name().startsWith("pagekv-" + ExportDescriptor.hex16(store.info().storeId()) + "-" +
                ProcessHandle.current().pid() + "-"), export.name());
            final DirectBuffer view = SharedExport.attach(export.descriptor());
            assertArrayEquals(bytes("ten bytes!"), read(view));
            export.close();
            assertFalse(Files.exists(object));
            assertArrayEquals(bytes("ten bytes!"), read(view), "a mapping made before close stays valid");
            assertThrows(ExportRefusedException.class, () -> SharedExport.attach(export.descriptor()));
            export.close();
        }
    }

    @Test
    void aLargeValueIsMappedInPlaceAndItsSegmentPinnedUntilClose()
    {
        final byte[] value = random(1 << 20, 1);
        try (Store store = Store.open(dir))
        {
            store.put(bytes("big"), value);
            try (SharedExport export = store.export(bytes("big")))
            {
                assertEquals(ExportRoute.MAPPED, export.route());
                assertTrue(export.descriptor().contains("\"file\":\"" + dir.toAbsolutePath()), export.descriptor());
                assertArrayEquals(value, read(SharedExport.attach(export.descriptor())));
                assertEquals(store.info().lastTxnId(), export.txnId());
            }
        }
    }

    @Test
    void aMappedExportSurvivesCompactionOfItsSegmentUntilClosed()
    {
        final byte[] value = random(200_000, 2);
        try (Store store = Store.open(dir, StoreOptions.defaults().withSegmentSize(StoreOptions.MIN_SEGMENT_SIZE * 16)
            .withCompaction(CompactionPolicy.off())))
        {
            store.put(bytes("big"), value);
            final SharedExport export = store.export(bytes("big"), ExportRoute.MAPPED);
            final Path segment = Path.of(ExportDescriptor.parse(export.descriptor()).file());
            for (int i = 0; i < 20; i++)
            {
                store.put(bytes("big"), random(200_000, 100 + i));
            }
            store.compact();
            assertTrue(Files.exists(segment), "compaction deleted the segment of an open export");
            assertArrayEquals(value, read(SharedExport.attach(export.descriptor())));
            export.close();
            store.put(bytes("after"), bytes("close"));
            store.compact();
            assertFalse(Files.exists(segment), "closing the export let the segment go");
        }
    }

    @Test
    void aReadOnlyProcessesMappedExportHoldsTheWritersCompactionBackThroughTheReaderTable()
    {
        final byte[] value = random(200_000, 4);
        final StoreOptions options = StoreOptions.defaults().withSegmentSize(StoreOptions.MIN_SEGMENT_SIZE * 16)
            .withCompaction(CompactionPolicy.off());
        try (Store writer = Store.open(dir, options))
        {
            writer.put(bytes("big"), value);
            final Path segment;
            try (Store reader = Store.openReadOnly(dir); SharedExport export = reader.export(bytes("big"), ExportRoute.MAPPED))
            {
                segment = Path.of(ExportDescriptor.parse(export.descriptor()).file());
                for (int i = 0; i < 20; i++)
                {
                    writer.put(bytes("big"), random(200_000, 200 + i));
                }
                writer.compact();
                assertTrue(Files.exists(segment), "the writer deleted the segment of another reader's open export");
                assertArrayEquals(value, read(SharedExport.attach(export.descriptor())));
            }
            writer.put(bytes("after"), bytes("close"));
            writer.compact();
            assertFalse(Files.exists(segment), "closing the reader's export let the segment go");
        }
    }

    @Test
    void aSnapshotExportsItsOwnCommit()
    {
        try (Store store = Store.open(dir))
        {
            store.put(bytes("k"), bytes("old"));
            try (Snapshot snapshot = store.snapshot())
            {
                store.put(bytes("k"), bytes("new"));
                try (SharedExport old = snapshot.export(bytes("k")); SharedExport now = store.export(bytes("k")))
                {
                    assertArrayEquals(bytes("old"), read(SharedExport.attach(old.descriptor())));
                    assertArrayEquals(bytes("new"), read(SharedExport.attach(now.descriptor())));
                    assertEquals(snapshot.txnId(), old.txnId());
                }
            }
        }
    }

    @Test
    void routesAreSelectableAndMappedRefusesAnInlineValue()
    {
        final byte[] big = random(100_000, 3);
        try (Store store = Store.open(dir))
        {
            store.put(bytes("small"), bytes("v"));
            store.put(bytes("big"), big);
            assertNull(store.export(bytes("absent")));
            final StoreException ex = assertThrows(StoreException.class, () -> store.export(bytes("small"), ExportRoute.MAPPED));
            assertTrue(ex.getMessage().contains("inline"), ex.getMessage());
            try (SharedExport copy = store.export(bytes("big"), ExportRoute.SHM))
            {
                assertEquals(ExportRoute.SHM, copy.route());
                assertArrayEquals(big, read(SharedExport.attach(copy.descriptor())));
            }
        }
    }

    @Test
    void aCompressedValueIsExportedInflatedThroughSharedMemory()
    {
        final byte[] text = new byte[200_000];
        for (int i = 0; i < text.length; i++)
        {
            text[i] = (byte)('a' + (i * 7 % 13 == 0 ? 1 : 0));
        }
        try (Store store = Store.open(dir, StoreOptions.defaults().withCompression(CompressionPolicy.lz4(0, 10))))
        {
            store.put(bytes("doc"), text);
            try (SharedExport export = store.export(bytes("doc")))
            {
                assertEquals(ExportRoute.SHM, export.route(), "an LZ4 block in a run is no value a consumer could map");
                assertEquals(text.length, export.length());
                assertArrayEquals(text, read(SharedExport.attach(export.descriptor())));
            }
            final StoreException mapped = assertThrows(StoreException.class, () -> store.export(bytes("doc"), ExportRoute.MAPPED));
            assertTrue(mapped.getMessage().contains("inline") || mapped.getMessage().contains("overflow"), mapped.getMessage());
        }
    }

    @Test
    void anEmptyValueCanBeExported()
    {
        try (Store store = Store.open(dir))
        {
            store.put(bytes("empty"), new byte[0]);
            try (SharedExport export = store.export(bytes("empty")))
            {
                assertEquals(0, export.length());
                assertEquals(0, SharedExport.attach(export.descriptor()).capacity());
            }
        }
    }

    @Test
    void limitsRefuseTheExportThatWouldGoOverThem()
    {
        try (Store store = Store.open(dir, StoreOptions.defaults().withExportLimits(2, 100)))
        {
            store.put(bytes("a"), new byte[60]);
            store.put(bytes("b"), new byte[30]);
            store.put(bytes("c"), new byte[30]);
            try (SharedExport a = store.export(bytes("a")); SharedExport b = store.export(bytes("b")))
            {
                assertTrue(assertThrows(ExportLimitException.class, () -> store.export(bytes("c"))).getMessage().contains("limit is 2"));
            }
            try (SharedExport a = store.export(bytes("a")))
            {
                final ExportLimitException ex = assertThrows(ExportLimitException.class, () -> store.export(bytes("a")));
                assertTrue(ex.getMessage().contains("limit is 100"), ex.getMessage());
                try (SharedExport c = store.export(bytes("c")))
                {
                    assertEquals(30, c.length());
                }
            }
        }
    }

    @Test
    void closingTheStoreClosesItsExports()
    {
        final SharedExport export;
        try (Store store = Store.open(dir))
        {
            store.put(bytes("k"), bytes("v"));
            export = store.export(bytes("k"));
        }
        assertTrue(export.isClosed());
        assertFalse(Files.exists(ShmObjects.DIR.resolve(export.name())));
    }

    @Test
    void aCollectedExportIsClosed() throws InterruptedException
    {
        try (Store store = Store.open(dir))
        {
            store.put(bytes("k"), bytes("leaked"));
            final Path object = ShmObjects.DIR.resolve(exportAndDrop(store));
            assertTrue(Files.exists(object));
            for (int i = 0; i < 100 && Files.exists(object); i++)
            {
                System.gc();
                Thread.sleep(20);
            }
            assertFalse(Files.exists(object), "collecting the export did not close it");
        }
    }

    private static String exportAndDrop(final Store store)
    {
        return store.export(bytes("k")).name();
    }

    @Test
    void writerOpenRemovesObjectsOfDeadProcessesOfThisStoreOnly() throws IOException
    {
        final long storeId;
        try (Store store = Store.open(dir))
        {
            storeId = store.info().storeId();
        }
        final ProcessIdentity dead = deadProcess();
        final Path ofDead = touch(ShmObjects.name(storeId, dead, 1));
        final Path ofLive = touch(ShmObjects.name(storeId, ProcessIdentity.current(), 999_999));
        final Path ofOtherStore = touch(ShmObjects.name(storeId ^ 1, dead, 1));
        try
        {
            Store.open(dir).close();
            assertFalse(Files.exists(ofDead));
            assertTrue(Files.exists(ofLive));
            assertTrue(Files.exists(ofOtherStore));
        }
        finally
        {
            Files.deleteIfExists(ofDead);
            Files.deleteIfExists(ofLive);
            Files.deleteIfExists(ofOtherStore);
        }
    }

    /** A process that is not running: a pid past the kernel's maximum. */
    static ProcessIdentity deadProcess()
    {
        return new ProcessIdentity(4_194_305 + new Random().nextInt(1000), 1);
    }

    private static Path touch(final String name) throws IOException
    {
        return Files.write(ShmObjects.DIR.resolve(name), new byte[] {1});
    }
}
