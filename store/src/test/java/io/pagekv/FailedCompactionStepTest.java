package io.pagekv;

import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A compaction step that fails after an application's commit does not turn that commit into a
 * failure: the commit returns, its data is there, and compaction tries again later.
 */
class FailedCompactionStepTest
{
    @TempDir
    Path dir;

    /** Fails the write of every commit record (with its body) of a txn above a given one. */
    private static final class FailLaterCommits implements FileIO
    {
        final java.util.concurrent.atomic.AtomicLong failAbove = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
        final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public StoreFile open(final Path path, final boolean create) throws IOException
        {
            final StoreFile file = FileIO.jdk().open(path, create);
            if (!path.getFileName().toString().startsWith("seg-"))
            {
                return file;
            }
            return new ForwardingStoreFile(file)
            {
                @Override
                public void write(final long position, final ByteBuffer src) throws IOException
                {
                    final java.nio.ByteBuffer page = src.duplicate().order(io.pagekv.format.FormatVersion.ORDER);
                    if (page.remaining() >= io.pagekv.format.PageLayout.HEADER_LENGTH &&
                        (page.get(page.position() + io.pagekv.format.PageLayout.TYPE_OFFSET) & 0xFF) == io.pagekv.format.PageType.COMMIT &&
                        page.getLong(page.position() + io.pagekv.format.PageLayout.TXN_ID_OFFSET) > failAbove.get())
                    {
                        refused.incrementAndGet();
                        throw new IOException("injected: commits after txn " + failAbove.get() + " cannot be written");
                    }
                    super.write(position, src);
                }
            };
        }

        @Override
        public StoreFile openReadOnly(final Path path) throws IOException
        {
            return FileIO.jdk().openReadOnly(path);
        }

        @Override
        public void createDirectories(final Path directory) throws IOException
        {
            FileIO.jdk().createDirectories(directory);
        }

        @Override
        public void delete(final Path path) throws IOException
        {
            FileIO.jdk().delete(path);
        }

        @Override
        public void moveAtomically(final Path from, final Path to) throws IOException
        {
            FileIO.jdk().moveAtomically(from, to);
        }

        @Override
        public void forceDirectory(final Path directory) throws IOException
        {
            FileIO.jdk().forceDirectory(directory);
        }
    }

    private static byte[] key(final int n)
    {
        return ("key-" + n).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void theCommitBeforeAFailedStepStands()
    {
        // Live data spread over many old segments, written without compaction.
        final StoreOptions plain = StoreOptions.defaults().withSegmentSize(64 << 10).withCompaction(CompactionPolicy.off());
        try (Store store = Store.open(dir, plain))
        {
            for (int i = 0; i < 300; i++)
            {
                store.put(key(i), new byte[300]);
            }
        }
        final FailLaterCommits io = new FailLaterCommits();
        try (Store store = Store.open(dir, FileSeam.with(plain.withCompaction(CompactionPolicy.of(1.0, 1.05)), io)))
        {
            // The policy asks for a step after this commit; the step's moving commit, the txn
            // after it, fails to write.
            try (WriteTxn txn = store.beginWrite())
            {
                txn.put(key(1000), new byte[] {42});
                io.failAbove.set(txn.txnId());
                txn.commit();
            }
            assertTrue(io.refused.get() > 0, "the step after the commit tried to write, and failed");
            assertArrayEquals(new byte[] {42}, store.get(key(1000)), "the commit before the failed step stands");
            io.failAbove.set(Long.MAX_VALUE);
            store.put(key(1001), new byte[] {43});
            assertArrayEquals(new byte[] {43}, store.get(key(1001)));
            assertArrayEquals(new byte[300], store.get(key(7)));
            TestStores.assertClean(store);
        }
    }
}
