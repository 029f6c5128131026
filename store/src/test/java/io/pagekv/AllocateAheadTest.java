package io.pagekv;

import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With forced commits the log writes zeros a chunk ahead of its tail, so that commits land on
 * allocated blocks and a force need not journal an allocation: only about one commit per chunk
 * writes past what was written before. Unforced stores stay sparse.
 */
class AllocateAheadTest
{
    @TempDir
    Path dir;

    @Test
    void forcedCommitsLandOnBlocksWrittenAhead() throws IOException
    {
        final ExtentCounter sync = run(dir.resolve("sync"), Durability.SYNC);
        assertTrue(sync.commitWritesIntoHoles <= 10, "SYNC commits written past the allocated extent: " + sync.commitWritesIntoHoles);
        assertTrue(sync.zeroWrites >= 1, "SYNC wrote no zeros ahead");
        final ExtentCounter async = run(dir.resolve("async"), Durability.ASYNC);
        assertEquals(0, async.zeroWrites, "ASYNC stores stay sparse");
        assertEquals(300, async.commitWritesIntoHoles, "every ASYNC commit appends into the hole");
    }

    private static ExtentCounter run(final Path store, final Durability durability) throws IOException
    {
        final ExtentCounter counter = new ExtentCounter(FileIO.jdk());
        try (Store s = Store.open(store, FileSeam.with(StoreOptions.defaults().withDurability(durability), counter)))
        {
            counter.counting = true;
            for (int i = 0; i < 300; i++)
            {
                s.put(ByteBuffer.allocate(4).putInt(i * 7919).array(), new byte[200]);
            }
            counter.counting = false;
            TestStores.assertClean(s);
        }
        return counter;
    }

    /** Counts writes to segment files that reach past the furthest byte written before. */
    private static final class ExtentCounter extends InterceptingFileIO
    {
        private final Map<Path, Long> written = new HashMap<>();
        private boolean counting;
        private int commitWritesIntoHoles;
        private int zeroWrites;

        ExtentCounter(final FileIO delegate)
        {
            super(delegate);
        }

        @Override
        protected boolean intercepts(final Path path)
        {
            return path.getFileName().toString().startsWith("seg-");
        }

        @Override
        protected void write(final StoreFile file, final Path path, final long position, final ByteBuffer src) throws IOException
        {
            final long end = position + src.remaining();
            final long before = written.getOrDefault(path, 0L);
            if (counting && isZero(src))
            {
                zeroWrites++;
            }
            else if (counting && end > before)
            {
                commitWritesIntoHoles++;
            }
            written.put(path, Math.max(before, end));
            file.write(position, src);
        }

        private static boolean isZero(final ByteBuffer src)
        {
            for (int i = src.position(); i < src.limit(); i++)
            {
                if (src.get(i) != 0)
                {
                    return false;
                }
            }
            return true;
        }
    }
}
