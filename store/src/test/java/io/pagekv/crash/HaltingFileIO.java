package io.pagekv.crash;

import io.pagekv.ForwardingFileIO;
import io.pagekv.io.FileIO;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A {@link FileIO} that ends the JVM at a chosen directory step, as a SIGKILL landing exactly
 * there would: the {@code n}-th rename or directory force in a watched directory (of an entry
 * of it, or of the directory itself), just before or just after it. {@link Runtime#halt} runs
 * no shutdown hook and closes no file by hand; what the process wrote stays in the page cache,
 * as after a kill. Every other operation passes through.
 */
final class HaltingFileIO extends ForwardingFileIO
{
    /** The exit code of a halt, so that the parent can tell it from a failure. */
    static final int HALTED = 86;

    private final Path watched;
    private final int haltAt;
    private final boolean after;
    private int steps;

    /**
     * @param watched the directory whose steps count: where the copies are renamed into place.
     * @param haltAt  which of its renames or directory forces ends the JVM (1 = the first), 0 for none.
     * @param after   whether it ends after that step is done, else before.
     */
    HaltingFileIO(final Path watched, final int haltAt, final boolean after)
    {
        super(FileIO.jdk());
        this.watched = watched.toAbsolutePath();
        this.haltAt = haltAt;
        this.after = after;
    }

    private synchronized boolean reached(final Path path)
    {
        final Path absolute = path.toAbsolutePath();
        return (absolute.equals(watched) || watched.equals(absolute.getParent())) && ++steps == haltAt;
    }

    private static void halt()
    {
        Runtime.getRuntime().halt(HALTED);
    }

    @Override
    public void moveAtomically(final Path from, final Path to) throws IOException
    {
        final boolean last = reached(to);
        if (last && !after)
        {
            halt();
        }
        delegate.moveAtomically(from, to);
        if (last)
        {
            halt();
        }
    }

    @Override
    public void forceDirectory(final Path dir) throws IOException
    {
        final boolean last = reached(dir);
        if (last && !after)
        {
            halt();
        }
        delegate.forceDirectory(dir);
        if (last)
        {
            halt();
        }
    }
}
