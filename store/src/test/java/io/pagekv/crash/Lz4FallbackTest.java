package io.pagekv.crash;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * lz4-java unpacks its JNI library to {@code java.io.tmpdir}: where that fails (a noexec or
 * missing {@code /tmp}), pagekv falls back to the pure-Java instance with one logged warning,
 * and compressed values still round-trip. A child JVM whose temporary directory does not exist
 * stands in for a noexec mount, which a test cannot make.
 */
@Tag("crash")
class Lz4FallbackTest
{
    @TempDir
    Path tmp;

    @Test
    void withoutAUsableTempDirectoryTheStoreFallsBackToPureJavaLz4AndSaysSo()
    {
        final Path missing = tmp.resolve("no-such-tmp");
        try (ChildJvm child = ChildJvm.start(Path.of(System.getProperty("java.home")), List.of("-Djava.io.tmpdir=" + missing),
            Lz4FallbackChild.class, tmp.resolve("child"), tmp.resolve("store").toString()))
        {
            final int exit = child.waitFor();
            final List<String> lines = child.drain();
            assertEquals(0, exit, lines + "\n" + child.stderr());
            assertEquals(List.of("lz4=java", "OK"), lines, child.stderr());
            assertTrue(child.stderr().contains("using the pure-Java LZ4 instance"), child.stderr());
        }
    }

    @Test
    void normallyTheStoreUsesTheJniInstance()
    {
        try (ChildJvm child = ChildJvm.start(Lz4FallbackChild.class, tmp.resolve("child"), tmp.resolve("store").toString()))
        {
            assertEquals(0, child.waitFor(), child.stderr());
            assertEquals(List.of("lz4=native", "OK"), child.drain(), child.stderr());
        }
    }
}
