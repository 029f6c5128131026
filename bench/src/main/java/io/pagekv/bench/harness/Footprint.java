package io.pagekv.bench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The footprint of a store: bytes its files take on disk, and the heap of the JVM using it.
 *
 * <p>Peak heap is the sum over heap pools of their peak usage since {@link #resetPeakHeap()}:
 * it counts garbage not yet collected, so it shows how much heap a workload churns through as
 * well as what it keeps. Live heap is what is left after a full collection.
 */
public final class Footprint
{
    private static final double MIB = 1 << 20;

    private Footprint()
    {
    }

    /**
     * Collects garbage and starts a new peak.
     */
    public static void resetPeakHeap()
    {
        System.gc();
        for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
        {
            if (pool.getType() == MemoryType.HEAP)
            {
                pool.resetPeakUsage();
            }
        }
    }

    /**
     * @return peak heap use since the last reset, MiB.
     */
    public static double peakHeapMiB()
    {
        long peak = 0;
        for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
        {
            if (pool.getType() == MemoryType.HEAP)
            {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / MIB;
    }

    /**
     * @return heap in use after a full collection, MiB.
     */
    public static double liveHeapMiB()
    {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / MIB;
    }

    /**
     * Bytes allocated on disk for a directory, as {@code du} counts them (sparse and preallocated
     * files count what they occupy, not their length); the sum of file lengths where {@code du}
     * is missing.
     *
     * @param dir the directory.
     * @return its bytes on disk.
     */
    public static long diskBytes(final Path dir)
    {
        try
        {
            final Process du = new ProcessBuilder("du", "-s", "-B1", dir.toString()).redirectErrorStream(true).start();
            final String out;
            try (InputStream in = du.getInputStream())
            {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (du.waitFor() == 0)
            {
                return Long.parseLong(out.split("\\s+")[0]);
            }
        }
        catch (final IOException | NumberFormatException ex)
        {
            return fileLengths(dir);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return fileLengths(dir);
    }

    private static long fileLengths(final Path dir)
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot measure " + dir, ex);
        }
    }
}
