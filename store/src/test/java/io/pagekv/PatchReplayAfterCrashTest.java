package io.pagekv;

import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a writable open writes in place again of the patches journaled after the checkpoint, after
 * a process crash in this boot (decision 62): only a patch whose in-place write was cut, so that a
 * counter update made after a patch of the same bytes is kept, and a cut patch is whole. A failed
 * in-place write poisons the store, so that no checkpoint drops its record before a reopen.
 */
class PatchReplayAfterCrashTest
{
    private static final byte[] KEY = "patched".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path base;

    @Test
    void aCounterUpdateAfterAPatchOfTheSameBytesSurvivesAProcessCrash()
    {
        final Path live = base.resolve("live");
        final Path image = base.resolve("image");
        try (Store store = Store.open(live))
        {
            store.putPatchable(KEY, new byte[64]);
            store.patch(KEY, 8, littleEndian(5));
            assertEquals(6, store.addAndGet(KEY, 8, 1));
            assertEquals(7, store.addAndGet(KEY, 8, 1));
            TestStores.crashImageInThisBoot(live, image);
        }
        try (Store store = Store.open(image))
        {
            assertEquals(7, store.getLong(KEY, 8), "the patch record was written again over the later increments");
            TestStores.assertClean(store);
        }
    }

    @Test
    void aPatchWhoseInPlaceWriteWasCutIsWholeAfterAProcessCrash()
    {
        final Path image = base.resolve("image");
        final byte[] expected = tearAPatch((store, live) -> TestStores.crashImageInThisBoot(live, image));
        try (Store store = Store.open(image))
        {
            assertArrayEquals(expected, store.get(KEY));
            TestStores.assertClean(store);
        }
    }

    @Test
    void aPatchWhoseInPlaceWriteFailedPoisonsTheStoreAndIsWholeAfterItsReopen()
    {
        final byte[] expected = tearAPatch((store, live) ->
            assertThrows(StorePoisonedException.class, () -> store.put(KEY, new byte[1]), "a checkpoint could drop the record"));
        try (Store store = Store.open(base.resolve("live")))
        {
            assertArrayEquals(expected, store.get(KEY));
            TestStores.assertClean(store);
        }
    }

    /**
     * Puts a patchable value, then patches it through a seam that writes half of the in-place
     * bytes and fails, checks the store is poisoned, and hands the store to
     * {@code then} before closing it.
     *
     * @return the value as the patch leaves it whole.
     */
    private byte[] tearAPatch(final java.util.function.BiConsumer<Store, Path> then)
    {
        final Path live = base.resolve("live");
        final Random random = new Random(7);
        final byte[] value = new byte[3 * 4096 + 100];
        random.nextBytes(value);
        final byte[] patch = new byte[5000];
        random.nextBytes(patch);
        final TearingIO tearing = new TearingIO(FileIO.jdk(), patch.length);
        try (Store store = Store.open(live, FileSeam.with(StoreOptions.defaults(), tearing)))
        {
            store.putPatchable(KEY, value);
            assertThrows(StorePoisonedException.class, () -> store.patch(KEY, 300, patch));
            assertTrue(tearing.tore, "the seam never saw the in-place write");
            assertThrows(StorePoisonedException.class, () -> store.get(KEY), "a poisoned store reads nothing more");
            then.accept(store, live);
        }
        System.arraycopy(patch, 0, value, 300, patch.length);
        return value;
    }

    private static byte[] littleEndian(final long value)
    {
        return ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value).array();
    }

    /** Writes only the first half of the first write of {@code length} bytes to a segment, then fails it. */
    private static final class TearingIO extends InterceptingFileIO
    {
        private final int length;
        private volatile boolean tore;

        TearingIO(final FileIO delegate, final int length)
        {
            super(delegate);
            this.length = length;
        }

        @Override
        protected boolean intercepts(final Path path)
        {
            return path.getFileName().toString().startsWith("seg-");
        }

        @Override
        protected void write(final StoreFile file, final Path path, final long position, final ByteBuffer src) throws IOException
        {
            if (!tore && src.remaining() == length)
            {
                tore = true;
                final ByteBuffer half = src.duplicate();
                half.limit(half.position() + length / 2);
                file.write(position, half);
                throw new IOException("torn by the test");
            }
            file.write(position, src);
        }
    }
}
