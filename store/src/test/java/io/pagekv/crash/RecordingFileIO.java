package io.pagekv.crash;

import io.pagekv.ForwardingFileIO;
import io.pagekv.ForwardingStoreFile;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A {@link FileIO} that does every operation for real and also logs, in order, what a power
 * loss model needs: each write's bytes, each force, length change, file creation, rename,
 * delete and directory force of one store directory, plus marks the test adds (a commit
 * begun, acknowledged, made durable). {@link PowerLossImage} replays the log up to any cut
 * point. Files are tracked as inodes, so that an open file keeps its identity across a delete
 * and re-creation of its name. The {@code lock} file is not modelled: it holds no data.
 *
 * <p>Files already in the directory when the recorder starts are its durable baseline.
 *
 * <p>Public for the tools' tests, which reach it through the store's test-jar.
 */
public final class RecordingFileIO extends ForwardingFileIO implements FaultyFileIO.Listener
{
    /** One logged event. */
    public sealed interface Event permits Create, Write, SetLength, Force, ForceFailed, Delete, Move, ForceDir, Mark
    {
    }

    record Create(String name, int inode) implements Event
    {
    }

    record Write(int inode, long position, byte[] bytes) implements Event
    {
    }

    record SetLength(int inode, long length) implements Event
    {
    }

    record Force(int inode) implements Event
    {
    }

    /** A force that failed: the kernel may have dropped the file's dirty pages. */
    record ForceFailed(int inode) implements Event
    {
    }

    record Delete(String name) implements Event
    {
    }

    record Move(String from, String to) implements Event
    {
    }

    record ForceDir() implements Event
    {
    }

    /** A test mark: kind is {@link #BEGIN}, {@link #ACK_SYNC}, {@link #ACK_ASYNC} or {@link #DURABLE}. */
    record Mark(int kind, long txnId) implements Event
    {
    }

    public static final int BEGIN = 0;
    public static final int ACK_SYNC = 1;
    public static final int ACK_ASYNC = 2;
    public static final int DURABLE = 3;

    private final Path dir;
    private final List<Event> events = new ArrayList<>();
    private final Map<String, Integer> inodes = new HashMap<>();
    private final Map<Integer, byte[]> baseline = new HashMap<>();
    private final Map<String, Integer> baselineNames = new HashMap<>();
    /**
     * Where each force in flight started, as an index into {@link #events}. A force that ends
     * goes in at its start, which moves every later event one place on: the starts of the other
     * forces in flight after it move with them.
     */
    private final List<int[]> forcing = new ArrayList<>();
    private int nextInode;

    /**
     * @param delegate the real file seam.
     * @param dir      the store directory; its present files are the durable baseline.
     */
    public RecordingFileIO(final FileIO delegate, final Path dir)
    {
        super(delegate);
        this.dir = dir.toAbsolutePath();
        if (Files.isDirectory(dir))
        {
            try (Stream<Path> files = Files.list(dir))
            {
                for (final Path file : (Iterable<Path>)files::iterator)
                {
                    final String name = file.getFileName().toString();
                    if (Files.isRegularFile(file) && modelled(name))
                    {
                        final int inode = nextInode++;
                        inodes.put(name, inode);
                        baselineNames.put(name, inode);
                        baseline.put(inode, Files.readAllBytes(file));
                    }
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    }

    private static boolean modelled(final String name)
    {
        return !name.equals("lock");
    }

    public synchronized void mark(final int kind, final long txnId)
    {
        events.add(new Mark(kind, txnId));
    }

    public synchronized List<Event> events()
    {
        return List.copyOf(events);
    }

    synchronized Map<Integer, byte[]> baseline()
    {
        return Map.copyOf(baseline);
    }

    synchronized Map<String, Integer> baselineNames()
    {
        return Map.copyOf(baselineNames);
    }

    private synchronized void add(final Event event)
    {
        events.add(event);
    }

    /** @return the start of a force, kept up to date by {@link #ended} until it ends. */
    private synchronized int[] started()
    {
        final int[] start = {events.size()};
        forcing.add(start);
        return start;
    }

    /** A force ended: its event goes in where it started ({@code event} null: it failed). */
    private synchronized void ended(final int[] start, final Event event)
    {
        forcing.removeIf(other -> other == start);
        if (event == null)
        {
            return;
        }
        events.add(start[0], event);
        for (final int[] other : forcing)
        {
            if (other[0] > start[0])
            {
                other[0]++;
            }
        }
    }

    private String nameIn(final Path path)
    {
        final Path absolute = path.toAbsolutePath();
        return absolute.getParent().equals(dir) ? absolute.getFileName().toString() : null;
    }

    @Override
    public StoreFile open(final Path path, final boolean create) throws IOException
    {
        final String name = nameIn(path);
        if (name == null || !modelled(name))
        {
            return delegate.open(path, create);
        }
        synchronized (this)
        {
            final boolean existed = Files.exists(path);
            final StoreFile file = delegate.open(path, create);
            Integer inode = inodes.get(name);
            if (inode == null || !existed)
            {
                inode = nextInode++;
                inodes.put(name, inode);
                if (existed)
                {
                    // Appeared behind the recorder's back: take what is there as durable.
                    baselineNames.put(name, inode);
                    baseline.put(inode, Files.readAllBytes(path));
                }
                else
                {
                    events.add(new Create(name, inode));
                }
            }
            return new RecordingFile(file, inode);
        }
    }

    @Override
    public synchronized void delete(final Path path) throws IOException
    {
        final String name = nameIn(path);
        final boolean existed = Files.exists(path);
        delegate.delete(path);
        if (name != null && modelled(name) && existed)
        {
            inodes.remove(name);
            events.add(new Delete(name));
        }
    }

    @Override
    public synchronized void moveAtomically(final Path from, final Path to) throws IOException
    {
        delegate.moveAtomically(from, to);
        final String a = nameIn(from);
        final String b = nameIn(to);
        if (a != null && b != null)
        {
            final Integer inode = inodes.remove(a);
            if (inode != null)
            {
                inodes.put(b, inode);
            }
            events.add(new Move(a, b));
        }
    }

    @Override
    public void forceDirectory(final Path directory) throws IOException
    {
        delegate.forceDirectory(directory);
        if (directory.toAbsolutePath().equals(dir))
        {
            add(new ForceDir());
        }
    }

    @Override
    public synchronized void forceFailed(final Path path)
    {
        final String name = nameIn(path);
        final Integer inode = name == null ? null : inodes.get(name);
        if (inode != null)
        {
            events.add(new ForceFailed(inode));
        }
    }

    private final class RecordingFile extends ForwardingStoreFile
    {
        private final int inode;

        RecordingFile(final StoreFile file, final int inode)
        {
            super(file);
            this.inode = inode;
        }


        @Override
        public void write(final long position, final ByteBuffer src) throws IOException
        {
            final ByteBuffer copy = src.duplicate();
            final byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            file.write(position, src);
            add(new Write(inode, position, bytes));
        }


        /**
         * The force is recorded where it started: it covers only the writes that were done by
         * then, not those another thread (a group commit's next appender) made while it ran.
         * Forces of different files can run at once (the log flusher forcing {@code meta} while
         * the writer forces a segment); one that ends first moves the others' starts on with the
         * events after it, so that none is placed before a write done before it started.
         */
        @Override
        public void force() throws IOException
        {
            final int[] start = started();
            Event forced = null;
            try
            {
                file.force();
                forced = new Force(inode);
            }
            finally
            {
                ended(start, forced);
            }
        }


        @Override
        public void setLength(final long length) throws IOException
        {
            file.setLength(length);
            add(new SetLength(inode, length));
        }



    }
}
