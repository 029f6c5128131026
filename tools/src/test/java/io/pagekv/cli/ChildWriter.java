package io.pagekv.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starts {@link WriterProcess} in another JVM (with Agrona's export flag, as every JVM touching
 * a store needs) and stops it.
 */
final class ChildWriter implements AutoCloseable
{
    /** The flag Agrona 2.x needs; the surefire and failsafe JVMs get it from the parent pom. */
    static final String EXPORTS = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";

    private final Process process;
    private final BufferedReader out;

    ChildWriter(final Path dir) throws IOException
    {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, EXPORTS, "-cp", System.getProperty("java.class.path"), WriterProcess.class.getName(), dir.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", out.readLine(), "writer did not start");
    }

    long pid()
    {
        return process.pid();
    }

    /**
     * Stops the writer and checks that it ended clean.
     *
     * @return what it printed last: {@code clean ENTRIES}.
     */
    String stop() throws IOException, InterruptedException
    {
        final OutputStream in = process.getOutputStream();
        in.write('\n');
        in.flush();
        final String last = out.readLine();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "writer did not stop");
        assertEquals(0, process.exitValue());
        return last;
    }

    @Override
    public void close()
    {
        process.destroyForcibly();
    }
}
