package io.pagekv.cli;

import io.pagekv.CorruptStoreException;
import io.pagekv.DamagePolicy;
import io.pagekv.Store;
import io.pagekv.StoreFiles;
import io.pagekv.StoreOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Checks a directory named on the command line before the store is opened, so that a typo gets
 * "no pagekv store at ..." instead of a new store, and a directory of other files is never
 * turned into one.
 */
final class StoreDirectory
{
    /** What a directory holds. */
    enum Kind
    {
        /** Nothing there: a write command may create a store. */
        MISSING,
        /** An empty directory: a write command may create a store. */
        EMPTY,
        /**
         * Store files but no meta file: what a store creation cut short by a crash or power loss
         * leaves. A write command hands it to {@code Store.open}, which creates the store afresh
         * there, or refuses if these are segments of a store that lost its meta.
         */
        UNFINISHED,
        /** A pagekv store (it has a meta file). */
        STORE
    }

    /**
     * Test seam, never set in production: rewrites the options of every store opened here, so
     * that a test in this package can route a command's file I/O through a recording file seam
     * (the store's test fixture {@code FileSeam}) or choose its durability, with no public API
     * for it. The identity unless a test sets it; the test resets it when done.
     */
    static volatile UnaryOperator<StoreOptions> optionsSeam = UnaryOperator.identity();

    private StoreDirectory()
    {
    }

    /**
     * @param dir a directory.
     * @return what it holds.
     * @throws NoStoreException if it is a file, or a directory of other files.
     */
    static Kind inspect(final Path dir)
    {
        if (!Files.exists(dir))
        {
            return Kind.MISSING;
        }
        if (!Files.isDirectory(dir))
        {
            throw new NoStoreException(dir, "it is a file, not a store directory");
        }
        if (StoreFiles.holdsStore(dir))
        {
            return Kind.STORE;
        }
        try (Stream<Path> files = Files.list(dir))
        {
            final List<String> names = files.map(file -> file.getFileName().toString()).toList();
            if (names.isEmpty())
            {
                return Kind.EMPTY;
            }
            if (names.stream().allMatch(StoreFiles::isStoreFile))
            {
                return Kind.UNFINISHED;
            }
            throw new NoStoreException(dir, "the directory holds files but no '" + StoreFiles.META + "' file");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(NamedStreams.named(dir.toString(), ex));
        }
    }

    /**
     * Opens an existing store read-only: no lock is taken, a writer in another process goes on.
     *
     * @param dir the store directory.
     * @return the open store; close it.
     * @throws NoStoreException if there is no store.
     */
    static Store openReadOnly(final Path dir)
    {
        return openReadOnly(dir, DamagePolicy.REFUSE);
    }

    /**
     * Opens an existing store read-only with a damage policy ({@code --damage-policy}).
     *
     * @param dir    the store directory.
     * @param policy what to do when its history is damaged.
     * @return the open store; close it.
     * @throws NoStoreException if there is no store.
     */
    static Store openReadOnly(final Path dir, final DamagePolicy policy)
    {
        requireStore(dir);
        return Store.openReadOnly(dir, optionsSeam.apply(StoreOptions.defaults().withDamagePolicy(policy)));
    }

    /**
     * Opens an existing store for writing.
     *
     * @param dir the store directory.
     * @return the open store; close it.
     * @throws NoStoreException if there is no store.
     */
    static Store openExisting(final Path dir)
    {
        requireStore(dir);
        return Store.open(dir, optionsSeam.apply(StoreOptions.defaults()));
    }

    /**
     * Opens a store for writing, creating it if the directory is missing or empty.
     *
     * @param dir      the store directory.
     * @param kind     what {@link #inspect} found there.
     * @param options  options for a new store (its page size); an existing store keeps its own.
     * @return the open store; close it.
     */
    static Store openOrCreate(final Path dir, final Kind kind, final StoreOptions options)
    {
        if (kind == Kind.STORE)
        {
            requireRegularFiles(dir);
            return Store.open(dir, optionsSeam.apply(StoreOptions.defaults()));
        }
        return Store.open(dir, optionsSeam.apply(options));
    }

    /**
     * Removes a store that a failed command created, so that failure leaves the directory as it
     * was: deletes the files a store consists of, and the directory itself if it was missing.
     * Over an unfinished creation it deletes only a store the command finished (one with a meta
     * file now): files that {@code Store.open} refused to take over are left as they were.
     *
     * @param dir    the store directory.
     * @param before what it held before the command.
     * @throws IOException if a file cannot be deleted.
     */
    static void removeCreated(final Path dir, final Kind before) throws IOException
    {
        if (before == Kind.STORE || !Files.isDirectory(dir) || before == Kind.UNFINISHED && !StoreFiles.holdsStore(dir))
        {
            return;
        }
        try (Stream<Path> files = Files.list(dir))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                if (StoreFiles.isStoreFile(file.getFileName().toString()))
                {
                    Files.delete(file);
                }
            }
        }
        if (before == Kind.MISSING)
        {
            Files.delete(dir);
        }
    }

    /**
     * @param dir a path.
     * @throws NoStoreException if it holds no store.
     */
    static void requireStore(final Path dir)
    {
        switch (inspect(dir))
        {
            case MISSING: throw new NoStoreException(dir, "no such directory");
            case EMPTY: throw new NoStoreException(dir, "the directory is empty");
            case UNFINISHED: throw new NoStoreException(dir, "the directory holds store files but no '" + StoreFiles.META +
                "' file: a store's creation was cut short; a write command such as load creates the store there afresh");
            default: requireRegularFiles(dir); break;
        }
    }

    /**
     * Refuses a store whose files are not all regular files: opening a FIFO blocks until someone
     * writes to it, and a device or directory is no store file either.
     *
     * @param dir a store directory.
     * @throws CorruptStoreException naming the first store file that is not a regular file.
     */
    static void requireRegularFiles(final Path dir)
    {
        try (Stream<Path> files = Files.list(dir))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                if (StoreFiles.isStoreFile(file.getFileName().toString()))
                {
                    final BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    if (!attributes.isRegularFile())
                    {
                        throw new CorruptStoreException(file, CorruptStoreException.UNKNOWN, CorruptStoreException.UNKNOWN,
                            "it is " + (attributes.isDirectory() ? "a directory" : "a pipe, socket or device") +
                            ", not a regular file; a store's files are regular files");
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(NamedStreams.named(dir.toString(), ex));
        }
    }
}
