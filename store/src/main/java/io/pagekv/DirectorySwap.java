package io.pagekv;

import io.pagekv.format.AuditLogLayout;
import io.pagekv.io.ErrorMapper;
import io.pagekv.io.FileIO;
import io.pagekv.txn.Engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Replacing a store directory with a new copy by renames, so that a crash at any step leaves the
 * old store or the new one, never neither and never a mix. Beside {@code dir}:
 * <ol>
 *   <li>the new copy is complete as {@code dir.swap-new} (written, forced, renamed into place);</li>
 *   <li>{@code dir} is renamed to {@code dir.swap-old}, and the parent forced;</li>
 *   <li>{@code dir.swap-new} is renamed to {@code dir}, and the parent forced;</li>
 *   <li>{@code dir.swap-old} is deleted.</li>
 * </ol>
 * {@link #finish} runs before every open: it completes an interrupted swap (after step 2 or 3)
 * or rolls it back (before step 2, the new copy is discarded). A read-only open never writes: it
 * refuses a store whose swap it would have to complete.
 */
final class DirectorySwap
{
    private static final String NEW = ".swap-new";
    private static final String OLD = ".swap-old";

    private DirectorySwap()
    {
    }

    /**
     * @param dir a store directory.
     * @return where the new copy is built before the swap.
     */
    static Path staging(final Path dir)
    {
        return sibling(dir, NEW);
    }

    /**
     * Steps 2 and 3: swaps the complete copy at {@link #staging} in for {@code dir}. The store that
     * was at {@code dir} may still be open (its files move with the directory).
     *
     * @param dir the store directory.
     * @param io  the file seam.
     * @throws IOException if a rename or force fails; {@link #finish} completes it later.
     */
    static void swapIn(final Path dir, final FileIO io) throws IOException
    {
        final Path parent = dir.toAbsolutePath().getParent();
        io.moveAtomically(dir, sibling(dir, OLD));
        io.forceDirectory(parent);
        io.moveAtomically(staging(dir), dir);
        io.forceDirectory(parent);
    }

    /**
     * Undoes the creation of a store at {@code dir} while an offline compaction in another process
     * has the store moved aside (between steps 2 and 3): {@link #finish} found no swap before the
     * open, but by the time the open took the new store's lock, {@code dir.swap-old} or
     * {@code dir.swap-new} existed. The new store, which holds no commit, is closed and deleted,
     * so that the compaction's step 3 (or the next open's {@link #finish}) puts the real store
     * back, and no process ever writes into an empty store standing in for it.
     *
     * @param dir    the store directory.
     * @param engine the engine of the store the open has just created there.
     * @throws StoreException always, if a swap is under way; otherwise nothing happens.
     */
    static void refuseCreationDuringSwap(final Path dir, final Engine engine)
    {
        final Path old = sibling(dir, OLD);
        final Path underway = Files.exists(old) ? old : staging(dir);
        if (!Files.exists(underway))
        {
            return;
        }
        try
        {
            engine.close();
            deleteTree(dir);
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("an offline compaction of " + dir + " was under way when this open created a new store there (" +
                underway + " exists), and the new store could not be removed; remove " + dir + " (it holds no data) and open it again", ex);
        }
        throw new StoreException("store " + dir + " is being compacted offline by another process, which has moved it aside for a " +
            "moment (" + underway + " exists): nothing was created; open it again once the compaction is done");
    }

    /**
     * Step 4: deletes the old store, once it is closed.
     *
     * @param dir the store directory.
     * @param io  the file seam.
     * @throws IOException if it cannot be deleted; {@link #finish} deletes it later.
     */
    static void discardOld(final Path dir, final FileIO io) throws IOException
    {
        keepAuditLog(sibling(dir, OLD), dir, io);
        deleteTree(sibling(dir, OLD));
        io.forceDirectory(dir.toAbsolutePath().getParent());
    }

    /**
     * Completes or rolls back a swap a crash interrupted; does nothing when there is none.
     *
     * @param dir      the store directory about to be opened.
     * @param io       the file seam.
     * @param writable whether the open may write; a read-only open refuses an unfinished swap.
     * @throws StoreException if a read-only open finds a swap to complete, or the files cannot be moved.
     */
    static void finish(final Path dir, final FileIO io, final boolean writable)
    {
        final Path fresh = staging(dir);
        final Path old = sibling(dir, OLD);
        final boolean hasFresh = Files.exists(fresh);
        final boolean hasOld = Files.exists(old);
        if (!hasFresh && !hasOld)
        {
            return;
        }
        final boolean hasDir = Files.exists(dir);
        if (hasDir && hasFresh && hasOld)
        {
            // No step of the swap leaves all three: another process created a store at dir while
            // the old one was moved aside (between steps 2 and 3). Which one holds the data only
            // the user can tell; deleting either could lose it.
            throw new StoreException("store " + dir + " exists beside both " + fresh + " (a compacted copy) and " + old +
                " (the store before an offline compaction): a store was created at " + dir + " while the compaction had moved " +
                "the old one aside; nothing was changed. Keep the directory that holds your data under the name " + dir +
                " and remove the other two");
        }
        if (!writable)
        {
            throw new StoreException("store " + dir + " is in the middle of an offline compaction (" + (hasFresh ? fresh : old) +
                " exists); open it for writing once, which finishes or rolls back the swap");
        }
        try
        {
            final Path parent = dir.toAbsolutePath().getParent();
            if (hasDir && hasFresh && !hasOld)
            {
                // Before step 2: the old store is whole; the copy is discarded.
                deleteTree(fresh);
            }
            else if (!hasDir && hasFresh)
            {
                // After step 2: the copy is complete (it only ever gets its name whole).
                io.moveAtomically(fresh, dir);
                io.forceDirectory(parent);
            }
            else if (!hasDir)
            {
                // Only the old store is left: put it back.
                io.moveAtomically(old, dir);
                io.forceDirectory(parent);
            }
            if (Files.exists(old) && Files.exists(dir))
            {
                keepAuditLog(old, dir, io);
                deleteTree(old);
            }
            io.forceDirectory(parent);
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("cannot finish the interrupted offline compaction of " + dir, ex);
        }
    }

    /**
     * The audit log describes the store, not one copy of its files: it moves from the old
     * directory into the new one before the old one is deleted.
     */
    private static void keepAuditLog(final Path old, final Path dir, final FileIO io) throws IOException
    {
        final Path log = old.resolve(AuditLogLayout.DIRECTORY);
        if (Files.isDirectory(log) && !Files.exists(dir.resolve(AuditLogLayout.DIRECTORY)))
        {
            io.moveAtomically(log, dir.resolve(AuditLogLayout.DIRECTORY));
            io.forceDirectory(dir);
            io.forceDirectory(old);
        }
    }

    private static Path sibling(final Path dir, final String suffix)
    {
        final Path absolute = dir.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + suffix);
    }

    /**
     * Deletes a directory and everything in it, if it exists.
     *
     * @param dir the directory.
     * @throws IOException if something cannot be deleted.
     */
    static void deleteTree(final Path dir) throws IOException
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path path : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.delete(path);
            }
        }
    }
}
