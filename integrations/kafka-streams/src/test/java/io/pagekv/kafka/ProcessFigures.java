package io.pagekv.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the benchmarks read from the operating system: disk blocks of a directory, this JVM's RSS.
 */
final class ProcessFigures
{
    private ProcessFigures()
    {
    }

    /**
     * @return the blocks the files under {@code dir} take, as {@code du} reports them: a sparse
     *         pagekv segment counts only what was written.
     */
    static long diskMiB(final Path dir) throws IOException
    {
        final Process du = new ProcessBuilder("du", "-sk", dir.toString()).redirectErrorStream(true).start();
        return Long.parseLong(new String(du.getInputStream().readAllBytes()).trim().split("\\s+")[0]) / 1024;
    }

    /**
     * @return this JVM's resident set, heap, native memory and the mapped file pages it touched.
     */
    static long rssMiB() throws IOException
    {
        for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
        {
            if (line.startsWith("VmRSS:"))
            {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }
}
