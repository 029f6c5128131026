package io.pagekv.crash;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Battery 4, hostile files: damaged stores give a {@link io.pagekv.CorruptStoreException} (or
 * a clean fallback to an older commit), never a JVM crash, never a wrong value.
 */
class HostileFileTest
{
    @TempDir
    Path tmp;

    /**
     * Segment files cut at page boundaries under a live read-only store: reads past the new end
     * fault (SIGBUS); every API entry point must turn that into a {@code CorruptStoreException}.
     * Run in child JVMs, so that a JVM crash fails this test instead of killing the test run.
     */
    @Test
    void segmentsCutUnderLiveMappingsGiveCorruptStoreExceptionNeverACrash()
    {
        final long seed = CrashSettings.seed();
        final Random random = new Random(seed);
        final Summary summary = new Summary("mapped-truncation").set("seed", seed);
        try
        {
            for (int i = 0; i < 6; i++)
            {
                final String caseSeed = Long.toString(random.nextLong());
                final boolean warm = i % 2 == 0;
                final String line = runChild(caseSeed, warm, 0, summary);
                assertTrue(line.endsWith("escaped=0 wrong=0"), () -> "case seed " + caseSeed + " warm " + warm + ": " + line);
            }
            summary.set("result", "ok");
        }
        catch (final AssertionError ex)
        {
            summary.set("result", "FAILED");
            System.out.println(CrashSettings.replay("mapped-truncation", seed));
            throw ex;
        }
        finally
        {
            summary.print();
        }
    }

    private String runChild(final String caseSeed, final boolean warm, final int keepPages, final Summary summary)
    {
        final Path dir = tmp.resolve("mapped-" + caseSeed);
        try (ChildJvm child = ChildJvm.start(MappedTruncationChild.class, tmp.resolve("mapped-child-" + caseSeed),
            dir.toString(), caseSeed, Boolean.toString(warm), Integer.toString(keepPages)))
        {
            final int exit = child.waitFor();
            final List<String> lines = child.drain();
            final String result = lines.stream().filter(l -> l.startsWith("result ")).findFirst().orElse("no result line");
            assertEquals(0, exit, () -> "child JVM died (exit " + exit + ") for case seed " + caseSeed + ": " + lines + "\n" + child.stderr());
            summary.add("cases", 1);
            summary.add("files-cut", 1);
            summary.add("reads-corrupt", number(result, "corrupt="));
            summary.add("reads-correct", number(result, "correct="));
            return String.join(" | ", lines);
        }
        finally
        {
            KillLoopTest.deleteTree(dir);
        }
    }

    private static long number(final String line, final String key)
    {
        final int at = line.indexOf(key);
        if (at < 0)
        {
            return 0;
        }
        int end = at + key.length();
        while (end < line.length() && Character.isDigit(line.charAt(end)))
        {
            end++;
        }
        return Long.parseLong(line.substring(at + key.length(), end));
    }
}
