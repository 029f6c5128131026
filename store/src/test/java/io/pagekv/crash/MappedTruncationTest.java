package io.pagekv.crash;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Battery 4, hostile files, part two: a store whose segment files shrink under its live
 * mappings (the guard against reading past the end of a mapped file).
 */
@Tag("crash")
class MappedTruncationTest
{
    @TempDir
    Path tmp;

    /** A newer JDK to run one strict case with, if this machine has one (JDK 17 reports mapped faults late). */
    private static final Path NEWER_JDK = Path.of(System.getProperty("pagekv.crash.newerJdk", "/usr/lib/jvm/temurin-25-jdk-amd64"));

    /**
     * Segment files cut at page boundaries under a live read-only store: reads past the new end
     * fault (SIGBUS); every API entry point must turn that into a {@code CorruptStoreException},
     * and a value read must be right. Run in child JVMs, so that a JVM crash fails this test
     * instead of killing the test run.
     *
     * <p>JDK 17 delivers the fault of an Unsafe read in compiled code late, at some later
     * safepoint, so it can surface in the application after pagekv returned; newer JDKs (tested
     * on 25) deliver it inside pagekv's guards. So "no InternalError escapes" is asserted for a
     * child on any JDK but 17 (one case runs on {@link #NEWER_JDK} when present), and counted as
     * late faults on 17.
     */
    @Test
    void segmentsCutUnderLiveMappingsGiveCorruptStoreExceptionNeverACrash()
    {
        final long seed = CrashSettings.seed();
        final Random random = new Random(seed);
        final Summary summary = new Summary("mapped-truncation").set("seed", seed);
        try
        {
            final Path thisJdk = Path.of(System.getProperty("java.home"));
            final boolean newer = java.nio.file.Files.isExecutable(NEWER_JDK.resolve("bin").resolve("java"));
            for (int i = 0; i < 7; i++)
            {
                final String caseSeed = Long.toString(random.nextLong());
                final boolean warm = i % 2 == 0;
                final Path jdk = i == 6 && newer ? NEWER_JDK : thisJdk;
                final String line = runChild(jdk, caseSeed, warm, 0, summary);
                assertTrue(line.contains(" wrong=0"), () -> "case seed " + caseSeed + " warm " + warm + ": " + line);
                final boolean strict = !line.contains("jdk 17 ");
                if (strict)
                {
                    assertTrue(line.contains("escaped=0 "), () -> "case seed " + caseSeed + " warm " + warm + " on " + jdk + ": " + line);
                    summary.add("strict-cases", 1);
                }
                else
                {
                    assertTrue(java.util.Arrays.stream(line.split(" \\| ")).filter(l -> l.startsWith("escaped from "))
                        .allMatch(l -> l.contains(": java.lang.InternalError: ")),
                        () -> "case seed " + caseSeed + ": an exception other than a late InternalError escaped: " + line);
                    summary.add("late-faults-jdk17", number(line, "escaped="));
                }
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

    private String runChild(final Path jdk, final String caseSeed, final boolean warm, final int keepPages, final Summary summary)
    {
        final Path dir = tmp.resolve("mapped-" + caseSeed);
        try (ChildJvm child = ChildJvm.start(jdk, MappedTruncationChild.class, tmp.resolve("mapped-child-" + caseSeed),
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
            return String.join(" | ", lines) + " ";
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
