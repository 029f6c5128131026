package io.pagekv.export;

import io.pagekv.StoreException;
import io.pagekv.ipc.ProcessIdentity;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The POSIX shared-memory objects of exports: files under {@code /dev/shm} (what
 * {@code shm_open} creates on Linux, and what Python's {@code multiprocessing.shared_memory}
 * opens by name), created owner-only (0600). The one place that creates, names, unlinks and reaps
 * them.
 *
 * <p>A name says whose the object is, so that cleanup never touches another store's or a live
 * process's: {@code pagekv-<store id, 16 hex>-<pid>-<process start, epoch ms>-<sequence>}.
 *
 * <p>Thread-safe (stateless).
 */
public final class ShmObjects
{
    /** Where Linux keeps POSIX shared-memory objects. */
    public static final Path DIR = Path.of("/dev/shm");
    /** Names of objects (and of exports) start with this. */
    public static final String PREFIX = "pagekv-";

    private static final Pattern NAME = Pattern.compile("pagekv-([0-9a-f]{16})-([0-9]{1,19})-([0-9]{1,19})-([0-9]{1,19})");
    private static final System.Logger LOGGER = System.getLogger("io.pagekv");

    private ShmObjects()
    {
    }

    /**
     * @param storeId  the store's id.
     * @param owner    the exporting process.
     * @param sequence a number unique in that process.
     * @return the export's name.
     */
    public static String name(final long storeId, final ProcessIdentity owner, final long sequence)
    {
        return PREFIX + ExportDescriptor.hex16(storeId) + "-" + owner.pid() + "-" + owner.startedAt() + "-" + sequence;
    }

    /**
     * @param name a name from a descriptor.
     * @return whether it is an export's name as {@link #name} makes them.
     */
    public static boolean isExportName(final String name)
    {
        return NAME.matcher(name).matches();
    }

    /**
     * Creates an object of {@code length} bytes (at least one: an empty file cannot be mapped),
     * owner-only, and maps it read-write for the one copy.
     *
     * @param name   its name.
     * @param length the bytes it must hold.
     * @return the mapping.
     * @throws StoreException if {@code /dev/shm} is missing or the object cannot be made.
     */
    public static MappedByteBuffer create(final String name, final long length)
    {
        if (!Files.isDirectory(DIR))
        {
            throw new StoreException("cannot export through shared memory: " + DIR + " does not exist on this system");
        }
        final Path path = DIR.resolve(name);
        try (FileChannel channel = FileChannel.open(path, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))))
        {
            final long size = Math.max(1, length);
            channel.truncate(size);
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
        }
        catch (final IOException ex)
        {
            unlink(name);
            throw new StoreException("cannot create shared-memory object " + path + " of " + length + " bytes: " + ex, ex);
        }
    }

    /**
     * Removes an object; a process that has it mapped keeps its mapping.
     *
     * @param name its name.
     * @return whether it was there.
     */
    public static boolean unlink(final String name)
    {
        try
        {
            return Files.deleteIfExists(DIR.resolve(name));
        }
        catch (final IOException ex)
        {
            LOGGER.log(System.Logger.Level.WARNING, "cannot unlink shared-memory object " + DIR.resolve(name), ex);
            return false;
        }
    }

    /**
     * Unlinks the objects of one store whose exporting process is gone: what a process that died
     * while holding exports left. Objects of other stores and of live processes are left alone.
     *
     * @param storeId the store's id.
     * @return how many were unlinked.
     */
    public static int reapDead(final long storeId)
    {
        // File.list reads the directory in one pass; null when there is no such directory.
        final String[] names = DIR.toFile().list();
        if (names == null)
        {
            if (Files.isDirectory(DIR))
            {
                LOGGER.log(System.Logger.Level.WARNING, "cannot list " + DIR + " to remove exports of dead processes");
            }
            return 0;
        }
        final String store = ExportDescriptor.hex16(storeId);
        final String prefix = PREFIX + store + "-";
        int reaped = 0;
        for (final String name : names)
        {
            if (!name.startsWith(prefix))
            {
                continue;
            }
            final Matcher m = NAME.matcher(name);
            if (m.matches() && m.group(1).equals(store) &&
                !new ProcessIdentity(Long.parseLong(m.group(2)), Long.parseLong(m.group(3))).isAlive() && deleted(DIR.resolve(name)))
            {
                reaped++;
            }
        }
        return reaped;
    }

    private static boolean deleted(final Path object)
    {
        try
        {
            Files.delete(object);
            return true;
        }
        catch (final NoSuchFileException ex)
        {
            return false;
        }
        catch (final IOException ex)
        {
            LOGGER.log(System.Logger.Level.WARNING, "cannot remove " + object + " of a dead process", ex);
            return false;
        }
    }
}
