package io.pagekv.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starts {@link SnapshotHolderProcess} in another JVM: a read-only process registered in the
 * store's reader table, pinning the commit it read.
 */
final class ChildSnapshotHolder implements AutoCloseable
{
    private final Process process;
    private final long pinnedTxn;

    ChildSnapshotHolder(final Path dir) throws IOException
    {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, ChildWriter.EXPORTS, "-cp", System.getProperty("java.class.path"),
            SnapshotHolderProcess.class.getName(), dir.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertTrue(line != null && line.startsWith("pinned "), "the reader did not start: " + line);
        pinnedTxn = Long.parseLong(line.substring("pinned ".length()));
    }

    long pid()
    {
        return process.pid();
    }

    long pinnedTxn()
    {
        return pinnedTxn;
    }

    /** Closes the snapshot and the store, and waits for the process to end. */
    void release() throws IOException, InterruptedException
    {
        process.getOutputStream().write('\n');
        process.getOutputStream().flush();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "reader did not stop");
        assertEquals(0, process.exitValue());
    }

    @Override
    public void close()
    {
        process.destroyForcibly();
    }
}
