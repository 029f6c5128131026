package io.pagekv;

import io.pagekv.format.StoreFileNames;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files of a store directory, for tools that look at a directory before opening it: the
 * superblock file {@value #META} marks a store; {@link #isStoreFile} tells the store's own files
 * (superblock, lock, segments) from anything else.
 */
public final class StoreFiles
{
    /** The superblock file: a directory holding it holds a store. */
    public static final String META = StoreFileNames.META;
    /** The lock file: the writer lock, the reader table and the live counters. */
    public static final String LOCK = StoreFileNames.LOCK;

    private StoreFiles()
    {
    }

    /**
     * @param dir a directory.
     * @return whether it holds a store (its superblock file exists).
     */
    public static boolean holdsStore(final Path dir)
    {
        return Files.exists(dir.resolve(META));
    }

    /**
     * @param name a file name inside a store directory.
     * @return whether a store may have a file of that name.
     */
    public static boolean isStoreFile(final String name)
    {
        return StoreFileNames.isStoreFile(name);
    }
}
