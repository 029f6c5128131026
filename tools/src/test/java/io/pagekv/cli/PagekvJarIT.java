package io.pagekv.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar as users run it: {@code java -jar pagekv.jar} with no JVM flag.
 */
class PagekvJarIT
{
    @TempDir
    static Path tmp;

    private static Path store;

    @BeforeAll
    static void createStore()
    {
        store = tmp.resolve("store");
        SampleStores.create(store, 2000, 2);
    }

    @Test
    void manifestMakesTheJarRunnableWithoutFlags() throws IOException
    {
        try (JarFile jar = new JarFile(Processes.jar().toFile()))
        {
            final Attributes main = jar.getManifest().getMainAttributes();
            assertEquals("io.pagekv.cli.Main", main.getValue("Main-Class"));
            assertEquals("java.base/jdk.internal.misc", main.getValue("Add-Exports"));
            assertTrue(main.getValue("Implementation-Version").matches("\\d+\\.\\d+\\.\\d+.*"));
        }
    }

    @Test
    void versionRunsWithoutAnyJvmFlag() throws Exception
    {
        final Processes.Result result = Processes.jar("--version");
        assertEquals(0, result.status(), result::toString);
        assertTrue(result.out().matches("(?s)pagekv \\d+\\.\\d+\\.\\d+\\S*\nstore format 1, Java .*"), result::toString);
        assertEquals("", result.err());
    }

    @Test
    void demoRunsOnTheJar() throws Exception
    {
        final Path demo = tmp.resolve("demo");
        final Processes.Result result = Processes.jar("demo", demo.toString());
        assertEquals(0, result.status(), result::toString);
        assertTrue(result.out().contains("result: clean, no problems"), result::toString);
        assertEquals("", result.err(), "no progress or warnings when piped");
    }

    @Test
    void everyCommandRunsAsAProcessWithItsExitStatus() throws Exception
    {
        final String dir = store.toString();
        assertEquals(0, Processes.jar("info", dir).status());
        assertEquals(0, Processes.jar("stats", dir, "--json").status());
        assertEquals(0, Processes.jar("verify", dir).status());
        assertEquals("2002\n", Processes.jar("scan", dir, "--count").out());
        final Path copy = tmp.resolve("copy");
        final Processes.Result dump = Processes.jar("dump", dir, "--format", "base64");
        assertEquals(0, dump.status(), dump::toString);
        final Processes.Result load = Processes.run(Processes.javaJar("load", copy.toString()), dump.out().getBytes(StandardCharsets.US_ASCII), null, 120);
        assertEquals(0, load.status(), load::toString);
        assertEquals(dump.out(), Processes.jar("dump", copy.toString(), "--format", "base64").out());
        assertEquals(0, Processes.jar("put", copy.toString(), "added", "yes").status());
        assertEquals("yes\n", Processes.jar("get", copy.toString(), "added").out());
        final Processes.Result piped = Processes.run(Processes.javaJar("put", copy.toString(), "piped", "--stdin"), new byte[]{0, 1, 2}, null, 120);
        assertEquals(0, piped.status(), piped::toString);
        assertEquals("000102\n", Processes.jar("get", copy.toString(), "piped", "--format", "hex", "--input-format", "text").out());
        assertEquals(0, Processes.jar("delete", copy.toString(), "added").status());
        final Processes.Result missing = Processes.jar("get", copy.toString(), "added");
        assertEquals(ExitCodes.NOT_FOUND, missing.status());
        assertEquals("pagekv: key 'added' not found in " + copy + "\n", missing.err());
        assertEquals(ExitCodes.NO_STORE, Processes.jar("info", tmp.resolve("nothing").toString()).status());
        assertEquals(ExitCodes.USAGE, Processes.jar("scan", dir, "--bogus").status());
    }

    @Test
    void writeToALockedStoreExitsFourWithTheHolder() throws Exception
    {
        final Path locked = tmp.resolve("locked");
        try (ChildWriter writer = new ChildWriter(locked))
        {
            final Processes.Result put = Processes.jar("put", locked.toString(), "k", "v");
            assertEquals(ExitCodes.LOCKED, put.status(), put::toString);
            assertTrue(put.err().startsWith("pagekv: store " + locked + " is locked for writing by process " + writer.pid()), put::toString);
            assertEquals(0, Processes.jar("verify", locked.toString()).status());
            writer.stop();
        }
    }

    @Test
    void closedPipeEndsAScanQuietly() throws Exception
    {
        final Process scan = new ProcessBuilder(Processes.javaJar("scan", store.toString())).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(scan.getInputStream(), StandardCharsets.UTF_8)))
        {
            assertTrue(out.readLine().startsWith("k00000\t"));
        }
        assertTrue(scan.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, scan.exitValue());
        assertEquals("", new String(scan.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void launcherRunsFromAnyDirectory() throws Exception
    {
        final Processes.Result result = Processes.run(List.of(Processes.launcher().toString(), "info", store.toString()),
            new byte[0], tmp, 300);
        assertEquals(0, result.status(), result::toString);
        assertTrue(result.out().contains("entries        2002"), result::toString);
        assertTrue(Files.isExecutable(Processes.launcher()));
    }

    @Test
    void launcherRunsThroughASymlink() throws Exception
    {
        final Path bin = Files.createDirectories(tmp.resolve("bin"));
        final Path link = Files.createSymbolicLink(bin.resolve("pagekv"), Processes.launcher());
        final Processes.Result result = Processes.run(List.of(link.toString(), "scan", store.toString(), "--count"), new byte[0], bin, 300);
        Files.delete(link);
        assertEquals(0, result.status(), result::toString);
        assertEquals("2002\n", result.out());
    }
}
