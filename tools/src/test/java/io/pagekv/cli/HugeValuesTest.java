package io.pagekv.cli;

import io.pagekv.Snapshot;
import io.pagekv.Store;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 60 MB value goes through get, dump and load in a JVM of 200 MB heap, where reading it into
 * one array and one string ran out of memory; a heap too small for it ends with exit 9 and one
 * line; an oversized file or value is refused before it is read.
 */
class HugeValuesTest
{
    private static final int HUGE = 60_000_000;
    private static final List<String> SMALL_HEAP = List.of("-Xmx200m");

    @TempDir
    static Path tmp;
    private static Path store;
    private static byte[] huge;

    @BeforeAll
    static void storeWithAHugeValue()
    {
        huge = new byte[HUGE];
        for (int i = 0; i < HUGE; i++)
        {
            // Every byte value: text and hex encode it to 2 to 4 times its size, base64 to 4/3.
            huge[i] = (byte)(i * 31);
        }
        store = tmp.resolve("store");
        try (Store s = Store.open(store))
        {
            s.put(bytes("huge"), huge);
            s.put(bytes("small"), bytes("v"));
        }
    }

    @Test
    void getDumpAndLoadAHugeValueInASmallHeap() throws Exception
    {
        final Path raw = tmp.resolve("huge.raw");
        final Processes.Result get = child(SMALL_HEAP, "get", store.toString(), "huge", "--output", raw.toString());
        assertEquals(0, get.status(), get::toString);
        assertTrue(Arrays.equals(huge, Files.readAllBytes(raw)), "the raw value");

        final Path printed = tmp.resolve("huge.base64");
        final Process get64 = new ProcessBuilder(ChildCli.command(SMALL_HEAP, "get", store.toString(), "huge", "--format", "base64", "--input-format", "text"))
            .redirectOutput(printed.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertEquals(0, get64.waitFor(), "get --format base64");
        assertEquals(Base64.getEncoder().encodeToString(huge) + "\n", Files.readString(printed, StandardCharsets.US_ASCII));
        Files.delete(printed);

        final Path dump = tmp.resolve("huge.dump");
        final Processes.Result dumped = child(SMALL_HEAP, "dump", store.toString(), dump.toString(), "--format", "base64");
        assertEquals(0, dumped.status(), dumped::toString);

        final Path copy = tmp.resolve("copy");
        final Processes.Result loaded = child(SMALL_HEAP, "load", copy.toString(), dump.toString());
        assertEquals(0, loaded.status(), loaded::toString);
        try (Store s = Store.openReadOnly(copy); Snapshot snapshot = s.snapshot())
        {
            assertArrayEquals(huge, snapshot.get(bytes("huge")));
            assertEquals(2, snapshot.count());
        }
    }

    @Test
    void getPrintsAHugeValueEncodedInPiecesAsTheWholeWouldBe()
    {
        for (final KeyFormat format : KeyFormat.values())
        {
            final byte[] value = Arrays.copyOf(huge, ValueStream.PIECE * 3 + 7);
            final Path dir = tmp.resolve("pieces-" + format);
            try (Store s = Store.open(dir))
            {
                s.put(bytes("k"), value);
            }
            final Cli.Result result = Cli.run("get", dir.toString(), format.encode(bytes("k")), "--format", format.toString());
            assertEquals(format.encode(value) + "\n", result.text(), format.toString());
        }
    }

    @Test
    void tooSmallAHeapEndsWithExitNineAndOneLine() throws Exception
    {
        final Path dump = tmp.resolve("for-small-heap.dump");
        assertEquals(0, Cli.run("dump", store.toString(), dump.toString(), "--format", "base64").status());
        final Processes.Result loaded = child(List.of("-Xmx64m"), "load", tmp.resolve("small-heap").toString(), dump.toString());
        assertEquals(ExitCodes.OUT_OF_MEMORY, loaded.status(), loaded::toString);
        assertTrue(loaded.err().startsWith("pagekv: out of memory: the data needs more than this JVM's maximum heap of "), loaded::toString);
        assertTrue(loaded.err().contains("JAVA_TOOL_OPTIONS=-Xmx"), loaded::toString);
        assertEquals(1, loaded.err().lines().count(), loaded::toString);
    }

    @Test
    void stackOverflowIsTheSameStatusWithItsOwnAdvice()
    {
        final OutOfResourcesException ex = OutOfResourcesException.of(new StackOverflowError());
        assertEquals(ExitCodes.OUT_OF_MEMORY, ErrorHandler.exitCode(ex));
        assertTrue(ErrorHandler.message(ex).startsWith("out of stack space: "), ErrorHandler.message(ex));
        assertTrue(ErrorHandler.message(ex).contains("-Xss"), ErrorHandler.message(ex));
    }

    @Test
    void putOfAFileLargerThanAValueIsRefusedBeforeReadingIt() throws IOException
    {
        final Path sparse = tmp.resolve("sparse.bin");
        try (RandomAccessFile file = new RandomAccessFile(sparse.toFile(), "rw"))
        {
            file.setLength(Store.MAX_VALUE_SIZE + 100_000_000L);
        }
        final Cli.Result result = Cli.run("put", tmp.resolve("put-target").toString(), "k", "--file", sparse.toString());
        assertEquals(ExitCodes.BAD_INPUT, result.status(), result::toString);
        assertEquals("pagekv: value of " + (Store.MAX_VALUE_SIZE + 100_000_000L) + " bytes is too large: values are 0 to " +
            Store.MAX_VALUE_SIZE + " bytes", result.errLine());
        assertFalse(Files.exists(tmp.resolve("put-target")), "no store was created");
    }

    @Test
    void aDumpValueLargerThanTheLimitIsRefusedAsSoonAsItPassesIt() throws IOException
    {
        final String dump = "pagekv-dump 1 format=hex\n6b\t" + "00".repeat(11) + "\nend 1\n";
        final DumpReader reader = new DumpReader(new ByteArrayInputStream(dump.getBytes(StandardCharsets.US_ASCII)), "x.dump", 10);
        final BadInputException ex = org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class, reader::next);
        assertEquals("x.dump line 2: the value is larger than 10 bytes, the most a value can hold; it was refused before being read whole",
            ex.getMessage());
    }

    @Test
    void putFromStandardInputStopsReadingPastTheLimit() throws IOException
    {
        final byte[] input = new byte[1000];
        final BadInputException ex = org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class,
            () -> ValueInput.stream(new ByteArrayInputStream(input), "standard input", 100));
        assertEquals("the value from standard input is too large: more than 100 bytes arrived; values are 0 to 100 bytes", ex.getMessage());
    }

    private static Processes.Result child(final List<String> jvm, final String... args) throws Exception
    {
        return Processes.run(ChildCli.command(jvm, args), new byte[0], null, 120);
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
