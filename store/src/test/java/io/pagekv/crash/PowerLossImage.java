package io.pagekv.crash;

import io.pagekv.crash.RecordingFileIO.Create;
import io.pagekv.crash.RecordingFileIO.Delete;
import io.pagekv.crash.RecordingFileIO.Event;
import io.pagekv.crash.RecordingFileIO.Force;
import io.pagekv.crash.RecordingFileIO.ForceDir;
import io.pagekv.crash.RecordingFileIO.ForceFailed;
import io.pagekv.crash.RecordingFileIO.Mark;
import io.pagekv.crash.RecordingFileIO.Move;
import io.pagekv.crash.RecordingFileIO.SetLength;
import io.pagekv.crash.RecordingFileIO.Write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The power-loss model: replays a {@link RecordingFileIO} log event by event and, at any point,
 * builds a disk image that a power loss there could leave.
 *
 * <ul>
 *   <li>Bytes a file held at its last successful force are kept.</li>
 *   <li>Each write or length change since is dropped, applied, or (a write) torn: only a
 *       prefix cut at a 512-byte sector boundary, or a scattered subset of its sectors, lands.
 *       They land in any order.</li>
 *   <li>Writes pending when a force failed are lost: the kernel may have dropped the dirty
 *       pages, so no later force makes them durable.</li>
 *   <li>Names created, renamed or deleted since the last directory force survive as an
 *       ordered prefix (a journalling file system commits them in order).</li>
 * </ul>
 *
 * <p>Public for the tools' tests, which reach it through the store's test-jar.
 */
public final class PowerLossImage
{
    /** How the unforced writes of one image land. */
    public enum Style
    {
        /** Only forced bytes. */
        NONE_LANDS,
        /** Every write lands, in order: what a process crash leaves. */
        ALL_LAND,
        /** An ordered prefix lands; the write at the cut is torn. */
        ORDERED_PREFIX,
        /** Each write independently dropped, applied or torn, in a random order. */
        RANDOM
    }

    private final Map<String, Integer> durableNames;
    private final List<Event> pendingNames = new ArrayList<>();
    private final Map<Integer, FileState> files = new HashMap<>();
    private long lastBegun;
    private long lastDurable;
    private int position;

    private static final class FileState
    {
        byte[] durable;
        final List<Event> pending = new ArrayList<>();

        FileState(final byte[] durable)
        {
            this.durable = durable;
        }
    }

    /**
     * @param recorder    the recorder whose baseline is the starting state.
     * @param durableTxn  the committed txn id the baseline holds.
     */
    public PowerLossImage(final RecordingFileIO recorder, final long durableTxn)
    {
        this.durableNames = new HashMap<>(recorder.baselineNames());
        recorder.baseline().forEach((inode, bytes) -> files.put(inode, new FileState(bytes.clone())));
        this.lastBegun = durableTxn;
        this.lastDurable = durableTxn;
    }

    /**
     * @return events replayed so far.
     */
    public int position()
    {
        return position;
    }

    /**
     * @return the highest txn id begun so far: no image may hold a newer one.
     */
    public long lastBegun()
    {
        return lastBegun;
    }

    /**
     * @return the highest txn id known durable so far (acknowledged in SYNC, or closed):
     * every image must hold it or a newer one.
     */
    public long lastDurable()
    {
        return lastDurable;
    }

    /**
     * Replays one more event.
     *
     * @param event the next event of the log.
     */
    public void apply(final Event event)
    {
        position++;
        if (event instanceof Create || event instanceof Delete || event instanceof Move)
        {
            if (event instanceof Create c)
            {
                files.put(c.inode(), new FileState(new byte[0]));
            }
            pendingNames.add(event);
        }
        else if (event instanceof ForceDir)
        {
            applyNames(durableNames, pendingNames);
            pendingNames.clear();
        }
        else if (event instanceof Write w)
        {
            files.get(w.inode()).pending.add(w);
        }
        else if (event instanceof SetLength l)
        {
            files.get(l.inode()).pending.add(l);
        }
        else if (event instanceof Force f)
        {
            final FileState file = files.get(f.inode());
            for (final Event op : file.pending)
            {
                file.durable = land(file.durable, op, Integer.MAX_VALUE);
            }
            file.pending.clear();
        }
        else if (event instanceof ForceFailed f)
        {
            files.get(f.inode()).pending.clear();
        }
        else if (event instanceof Mark m)
        {
            if (m.kind() == RecordingFileIO.BEGIN)
            {
                lastBegun = Math.max(lastBegun, m.txnId());
            }
            else if (m.kind() == RecordingFileIO.ACK_SYNC || m.kind() == RecordingFileIO.DURABLE)
            {
                lastDurable = Math.max(lastDurable, m.txnId());
            }
        }
    }

    /**
     * @return how many writes and length changes are not yet forced.
     */
    public int unforced()
    {
        int n = 0;
        for (final FileState file : files.values())
        {
            n += file.pending.size();
        }
        return n;
    }

    /**
     * Builds one image of the current point.
     *
     * @param random the choices.
     * @param style  how unforced writes land.
     * @return file name to contents.
     */
    public Map<String, byte[]> image(final Random random, final Style style)
    {
        final Map<String, Integer> names = new HashMap<>(durableNames);
        final int keep = switch (style)
        {
            case NONE_LANDS -> 0;
            case ALL_LAND -> pendingNames.size();
            default -> random.nextInt(pendingNames.size() + 1);
        };
        applyNames(names, pendingNames.subList(0, keep));
        final Map<String, byte[]> image = new TreeMap<>();
        for (final Map.Entry<String, Integer> e : names.entrySet())
        {
            final FileState file = files.get(e.getValue());
            image.put(e.getKey(), landPending(file, random, style));
        }
        return image;
    }

    private static byte[] landPending(final FileState file, final Random random, final Style style)
    {
        byte[] bytes = file.durable;
        final List<Event> ops = new ArrayList<>(file.pending);
        switch (style)
        {
            case NONE_LANDS:
                return bytes.clone();
            case ALL_LAND:
                for (final Event op : ops)
                {
                    bytes = land(bytes, op, Integer.MAX_VALUE);
                }
                return bytes == file.durable ? bytes.clone() : bytes;
            case ORDERED_PREFIX:
            {
                final int cut = random.nextInt(ops.size() + 1);
                for (int i = 0; i < cut; i++)
                {
                    bytes = land(bytes, ops.get(i), Integer.MAX_VALUE);
                }
                if (cut < ops.size())
                {
                    bytes = land(bytes, ops.get(cut), randomSectors(ops.get(cut), random));
                }
                return bytes == file.durable ? bytes.clone() : bytes;
            }
            default:
            {
                Collections.shuffle(ops, random);
                for (final Event op : ops)
                {
                    final int choice = random.nextInt(3);
                    if (choice == 1)
                    {
                        bytes = land(bytes, op, Integer.MAX_VALUE);
                    }
                    else if (choice == 2)
                    {
                        bytes = random.nextBoolean() ? land(bytes, op, randomSectors(op, random)) : scatter(bytes, op, random);
                    }
                }
                return bytes == file.durable ? bytes.clone() : bytes;
            }
        }
    }

    private static int randomSectors(final Event op, final Random random)
    {
        return op instanceof Write w ? random.nextInt(w.bytes().length / 512 + 1) : random.nextInt(2) * Integer.MAX_VALUE;
    }

    /**
     * Lands an operation on a copy of {@code bytes}: a length change, or the first
     * {@code sectors} 512-byte sectors of a write.
     */
    private static byte[] land(final byte[] bytes, final Event op, final int sectors)
    {
        if (op instanceof SetLength l)
        {
            return sectors == 0 ? bytes : Arrays.copyOf(bytes, (int)l.length());
        }
        final Write w = (Write)op;
        final int length = (int)Math.min(w.bytes().length, (long)sectors * 512);
        if (length == 0)
        {
            return bytes;
        }
        final byte[] out = Arrays.copyOf(bytes, (int)Math.max(bytes.length, w.position() + length));
        System.arraycopy(w.bytes(), 0, out, (int)w.position(), length);
        return out;
    }

    private static byte[] scatter(final byte[] bytes, final Event op, final Random random)
    {
        if (!(op instanceof Write w))
        {
            return bytes;
        }
        byte[] out = bytes;
        for (int sector = 0; sector * 512 < w.bytes().length; sector++)
        {
            if (random.nextBoolean())
            {
                final int from = sector * 512;
                final int length = Math.min(512, w.bytes().length - from);
                out = Arrays.copyOf(out, (int)Math.max(out.length, w.position() + from + length));
                System.arraycopy(w.bytes(), from, out, (int)w.position() + from, length);
            }
        }
        return out == bytes ? bytes : out;
    }

    private static void applyNames(final Map<String, Integer> names, final List<Event> ops)
    {
        for (final Event op : ops)
        {
            if (op instanceof Create c)
            {
                names.put(c.name(), c.inode());
            }
            else if (op instanceof Delete d)
            {
                names.remove(d.name());
            }
            else if (op instanceof Move m)
            {
                final Integer inode = names.remove(m.from());
                if (inode != null)
                {
                    names.put(m.to(), inode);
                }
            }
        }
    }

    /**
     * Writes an image into an empty (or emptied) directory.
     *
     * @param image the files.
     * @param dir   the directory.
     */
    public static void write(final Map<String, byte[]> image, final Path dir)
    {
        try
        {
            if (Files.exists(dir))
            {
                try (Stream<Path> files = Files.list(dir))
                {
                    for (final Path file : (Iterable<Path>)files::iterator)
                    {
                        Files.delete(file);
                    }
                }
            }
            Files.createDirectories(dir);
            for (final Map.Entry<String, byte[]> e : image.entrySet())
            {
                Files.write(dir.resolve(e.getKey()), e.getValue());
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
