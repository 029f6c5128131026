package io.pagekv.crash;

import io.pagekv.ForwardingFileIO;
import io.pagekv.ForwardingStoreFile;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * A {@link FileIO} that fails chosen operations, SQLite style: arm it to fail the n-th
 * operation of a kind from now, once or for every later one (a full disk) until disarmed.
 * A failed write may first write a prefix of its bytes, cut at a 512-byte boundary, as a real
 * {@code ENOSPC} can. A failed force tells the {@link Listener} (the recorder of the power-loss
 * model), because after a failed {@code fsync} the kernel may have dropped the dirty pages.
 */
final class FaultyFileIO extends ForwardingFileIO
{
    /** The operations that can fail. */
    enum Op
    {
        OPEN, WRITE, FORCE, SET_LENGTH, MOVE, FORCE_DIR, DELETE
    }

    /** Hears about failed forces. */
    interface Listener
    {
        void forceFailed(Path path);
    }

    private final Random random;
    private final Map<Op, Long> counts = new EnumMap<>(Op.class);
    private Listener listener;
    /** The files whose operations are counted and may fail; every file unless {@link #only} says otherwise. */
    private Predicate<Path> counted = path -> true;
    private Op armedOp;
    private long failAt;
    private boolean persistent;
    private boolean partialWrites;
    private long injected;
    private String lastFault;

    FaultyFileIO(final FileIO delegate, final long seed)
    {
        super(delegate);
        this.random = new Random(seed);
        for (final Op op : Op.values())
        {
            counts.put(op, 0L);
        }
    }

    synchronized FaultyFileIO listener(final Listener listener)
    {
        this.listener = listener;
        return this;
    }

    /**
     * Counts, and fails, only the operations on files {@code paths} accepts: for a test whose
     * count would otherwise take in the writes of a background thread (the next segment's fill),
     * whose number depends on timing.
     *
     * @param paths the files that count.
     * @return this.
     */
    synchronized FaultyFileIO only(final Predicate<Path> paths)
    {
        this.counted = paths;
        return this;
    }

    /**
     * Fails the {@code n}-th operation of kind {@code op} from now (1 = the next one).
     *
     * @param op         the kind.
     * @param n          which one.
     * @param persistent whether every later one fails too, until {@link #disarm()}.
     * @param partial    whether a failed write first writes a random 512-byte-aligned prefix.
     */
    synchronized void arm(final Op op, final long n, final boolean persistent, final boolean partial)
    {
        this.armedOp = op;
        this.failAt = counts.get(op) + n;
        this.persistent = persistent;
        this.partialWrites = partial;
    }

    synchronized void disarm()
    {
        armedOp = null;
    }

    synchronized long count(final Op op)
    {
        return counts.get(op);
    }

    synchronized long injected()
    {
        return injected;
    }

    /**
     * @return a description of the last injected fault, or null.
     */
    synchronized String lastFault()
    {
        return lastFault;
    }

    private synchronized boolean shouldFail(final Op op, final Path path)
    {
        if (!counted.test(path))
        {
            return false;
        }
        final long n = counts.merge(op, 1L, Long::sum);
        final boolean fail = op == armedOp && (n == failAt || (persistent && n > failAt));
        if (fail)
        {
            injected++;
            lastFault = op + " #" + n + " on " + path.getFileName();
            if (!persistent)
            {
                armedOp = null;
            }
        }
        return fail;
    }

    private static IOException injectedFault(final Op op, final Path path)
    {
        return new IOException("injected fault: " + op + " of " + path + " failed (No space left on device)");
    }

    @Override
    public StoreFile open(final Path path, final boolean create) throws IOException
    {
        if (shouldFail(Op.OPEN, path))
        {
            throw injectedFault(Op.OPEN, path);
        }
        return new FaultyFile(delegate.open(path, create));
    }

    @Override
    public void delete(final Path path) throws IOException
    {
        if (shouldFail(Op.DELETE, path))
        {
            throw injectedFault(Op.DELETE, path);
        }
        delegate.delete(path);
    }

    @Override
    public void moveAtomically(final Path from, final Path to) throws IOException
    {
        if (shouldFail(Op.MOVE, to))
        {
            throw injectedFault(Op.MOVE, to);
        }
        delegate.moveAtomically(from, to);
    }

    @Override
    public void forceDirectory(final Path dir) throws IOException
    {
        if (shouldFail(Op.FORCE_DIR, dir))
        {
            throw injectedFault(Op.FORCE_DIR, dir);
        }
        delegate.forceDirectory(dir);
    }

    private final class FaultyFile extends ForwardingStoreFile
    {
        FaultyFile(final StoreFile file)
        {
            super(file);
        }


        @Override
        public void write(final long position, final ByteBuffer src) throws IOException
        {
            if (shouldFail(Op.WRITE, path()))
            {
                final int sectors;
                synchronized (FaultyFileIO.this)
                {
                    sectors = partialWrites ? random.nextInt(src.remaining() / 512 + 1) : 0;
                }
                if (sectors > 0)
                {
                    final ByteBuffer prefix = src.duplicate();
                    prefix.limit(prefix.position() + sectors * 512);
                    file.write(position, prefix);
                }
                throw injectedFault(Op.WRITE, path());
            }
            file.write(position, src);
        }


        @Override
        public void force() throws IOException
        {
            if (shouldFail(Op.FORCE, path()))
            {
                final Listener l;
                synchronized (FaultyFileIO.this)
                {
                    l = listener;
                }
                if (l != null)
                {
                    l.forceFailed(path());
                }
                throw injectedFault(Op.FORCE, path());
            }
            file.force();
        }


        @Override
        public void setLength(final long length) throws IOException
        {
            if (shouldFail(Op.SET_LENGTH, path()))
            {
                throw injectedFault(Op.SET_LENGTH, path());
            }
            file.setLength(length);
        }



    }
}
