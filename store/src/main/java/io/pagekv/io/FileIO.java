package io.pagekv.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The one seam through which pagekv changes files: opening, creating, deleting and renaming them,
 * and forcing directories. Everything that reaches the disk passes here (or through a
 * {@link StoreFile} it opened), so that tests can fail, tear or drop the n-th write or force.
 *
 * <p>Implementations must be thread-safe.
 */
public interface FileIO
{
    /**
     * Opens a file for reading and writing.
     *
     * @param path   the file.
     * @param create whether to create it (owner-only permissions) when it does not exist.
     * @return the open file.
     * @throws IOException if the file cannot be opened, or does not exist and {@code create} is false.
     */
    StoreFile open(Path path, boolean create) throws IOException;

    /**
     * Opens an existing file for reading only; writes and forces through the result fail.
     *
     * @param path the file.
     * @return the open file.
     * @throws IOException if the file cannot be opened.
     */
    StoreFile openReadOnly(Path path) throws IOException;

    /**
     * Creates a directory and its missing parents with owner-only permissions.
     *
     * @param dir the directory.
     * @throws IOException if it cannot be created.
     */
    void createDirectories(Path dir) throws IOException;

    /**
     * Deletes a file if it exists.
     *
     * @param path the file.
     * @throws IOException if it exists and cannot be deleted.
     */
    void delete(Path path) throws IOException;

    /**
     * Renames {@code from} to {@code to} atomically, replacing {@code to}.
     *
     * @param from the source.
     * @param to   the target.
     * @throws IOException if the rename fails; then neither file changed.
     */
    void moveAtomically(Path from, Path to) throws IOException;

    /**
     * Forces a directory's entries (created, renamed and deleted names) to the disk.
     *
     * @param dir the directory.
     * @throws IOException if the force fails.
     */
    void forceDirectory(Path dir) throws IOException;

    /**
     * The default implementation on {@link java.nio.channels.FileChannel}.
     *
     * @return the shared instance.
     */
    static FileIO jdk()
    {
        return JdkFileIO.INSTANCE;
    }
}
