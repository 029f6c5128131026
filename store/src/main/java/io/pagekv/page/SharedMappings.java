package io.pagekv.page;

import io.pagekv.io.StoreFile;

import java.io.IOException;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The read-only mappings of segment files that the writable stores of this JVM share. A store
 * that maps a file this process has mapped at the same length before, while that mapping is still
 * reachable (an earlier store of the same directory not yet collected, or a view into it), takes
 * that mapping instead of making another: a store closed and opened again in one process makes
 * no new mapping of a segment it had mapped, faults in none of the pages it had read, and leaves
 * the garbage collector no mapping to unmap (decision 6), which on some virtual machines slows
 * every thread of the process while it happens.
 *
 * <p>A mapping is known by the file's identity (device and inode, {@link BasicFileAttributes#fileKey})
 * and its length. A shared mapping of a file shows the file as it is now, as a new one would:
 * the kernel keeps every mapping of a file and its reads and writes coherent. While the mapping
 * is reachable the inode cannot be freed, so no other file can take its identity. The identity is
 * read from the path just after the file was opened by that path; a writable store calls this
 * with the writer lock held, when no other process renames or deletes segment files, so the path
 * still names the file opened. A store opened read-only maps afresh (a writer elsewhere may rename
 * files under it), as does a file system that gives files no identity.
 *
 * <p>Entries hold their mappings weakly: the registry keeps nothing alive, and the garbage
 * collector unmaps a mapping nobody reaches, as before. Thread-safe; two threads that map the
 * same file at once may each make a mapping, and both are valid.
 */
final class SharedMappings
{
    /** A file's identity and the length mapped. */
    private record Key(Object fileKey, long length)
    {
    }

    /** A mapping, held weakly, that removes itself from the registry once collected. */
    private static final class Entry extends WeakReference<MappedByteBuffer>
    {
        final Key key;

        Entry(final Key key, final MappedByteBuffer mapping, final ReferenceQueue<MappedByteBuffer> cleared)
        {
            super(mapping, cleared);
            this.key = key;
        }
    }

    private static final Map<Key, Entry> MAPPINGS = new ConcurrentHashMap<>();
    private static final ReferenceQueue<MappedByteBuffer> CLEARED = new ReferenceQueue<>();

    private SharedMappings()
    {
    }

    /**
     * Maps the first {@code length} bytes of {@code file} read-only, or returns this JVM's
     * mapping of the same file and length if one is still reachable.
     *
     * @param file   a segment file, just opened by its path, with the writer lock held.
     * @param length how many bytes to map.
     * @return the mapping.
     * @throws IOException if the file's identity cannot be read or it cannot be mapped.
     */
    static MappedByteBuffer map(final StoreFile file, final long length) throws IOException
    {
        forgetCollected();
        final Object fileKey = Files.readAttributes(file.path(), BasicFileAttributes.class).fileKey();
        if (fileKey == null)
        {
            return file.mapReadOnly(length);
        }
        final Key key = new Key(fileKey, length);
        final Entry found = MAPPINGS.get(key);
        final MappedByteBuffer shared = found == null ? null : found.get();
        if (shared != null)
        {
            return shared;
        }
        final MappedByteBuffer made = file.mapReadOnly(length);
        MAPPINGS.put(key, new Entry(key, made, CLEARED));
        return made;
    }

    private static void forgetCollected()
    {
        for (Entry cleared = (Entry)CLEARED.poll(); cleared != null; cleared = (Entry)CLEARED.poll())
        {
            MAPPINGS.remove(cleared.key, cleared);
        }
    }
}
