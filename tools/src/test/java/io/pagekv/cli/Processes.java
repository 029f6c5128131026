package io.pagekv.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs {@code pagekv} as a real process: {@code java -jar pagekv.jar} with no JVM flag, or the
 * {@code ./pagekv} launcher.
 */
final class Processes
{
    private Processes()
    {
    }

    /**
     * What a process did.
     *
     * @param status its exit status.
     * @param out    standard output.
     * @param err    standard error.
     */
    record Result(int status, String out, String err)
    {
        @Override
        public String toString()
        {
            return "status " + status + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    static Path jar()
    {
        return Path.of(System.getProperty("pagekv.jar"));
    }

    static Path launcher()
    {
        return Path.of(System.getProperty("pagekv.launcher")).toAbsolutePath().normalize();
    }

    static List<String> javaJar(final String... args)
    {
        final List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar", jar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    static Result run(final List<String> command, final byte[] stdin, final Path workingDir, final long timeoutSeconds)
        throws IOException, InterruptedException
    {
        final ProcessBuilder builder = new ProcessBuilder(command);
        if (workingDir != null)
        {
            builder.directory(workingDir.toFile());
        }
        final Process process = builder.start();
        final CompletableFuture<byte[]> out = drain(process.getInputStream());
        final CompletableFuture<byte[]> err = drain(process.getErrorStream());
        process.getOutputStream().write(stdin);
        process.getOutputStream().close();
        assertTrue(process.waitFor(timeoutSeconds, TimeUnit.SECONDS), () -> "timed out: " + command);
        return new Result(process.exitValue(), new String(out.join(), StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8));
    }

    static Result jar(final String... args) throws IOException, InterruptedException
    {
        return run(javaJar(args), new byte[0], null, 120);
    }

    private static CompletableFuture<byte[]> drain(final InputStream in)
    {
        return CompletableFuture.supplyAsync(() ->
        {
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (in)
            {
                in.transferTo(bytes);
            }
            catch (final IOException ex)
            {
                throw new java.io.UncheckedIOException(ex);
            }
            return bytes.toByteArray();
        });
    }
}
