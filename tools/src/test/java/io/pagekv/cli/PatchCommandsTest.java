package io.pagekv.cli;

import io.pagekv.Store;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code pagekv patch} and {@code pagekv counter}: in-place changes from the command line, with
 * the encodings other commands take, and their exit codes when refused.
 */
class PatchCommandsTest
{
    @TempDir
    Path tmp;

    private Path dir;

    @BeforeEach
    void createStore()
    {
        dir = tmp.resolve("store");
        try (Store store = Store.open(dir))
        {
            store.putPatchable(bytes("page:home"), new byte[24]);
            store.put(bytes("plain"), bytes("value"));
        }
    }

    @Test
    void patchWritesBytesInEveryEncoding()
    {
        assertEquals(ExitCodes.OK, Cli.run("patch", dir.toString(), "page:home", "8", "Welcome").status());
        assertEquals(ExitCodes.OK, Cli.run("patch", dir.toString(), "706167653a686f6d65", "20", "00ff", "--format", "hex").status());
        final byte[] expected = new byte[24];
        System.arraycopy(bytes("Welcome"), 0, expected, 8, 7);
        expected[21] = (byte)0xFF;
        try (Store store = Store.open(dir))
        {
            assertArrayEquals(expected, store.get(bytes("page:home")));
        }
    }

    @Test
    void putPatchableThenPatchAndCount()
    {
        assertEquals(ExitCodes.OK, Cli.run("put", dir.toString(), "hits", "\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00", "--patchable").status());
        assertEquals("1\n", Cli.run("counter", dir.toString(), "hits", "0", "--add", "1").text());
        assertEquals(ExitCodes.OK, Cli.run("put", dir.toString(), "title", "........").status());
        assertEquals(ExitCodes.BAD_INPUT, Cli.run("counter", dir.toString(), "title", "0", "--add", "1").status());
    }

    @Test
    void counterReadsAndAdds()
    {
        assertEquals("0\n", Cli.run("counter", dir.toString(), "page:home", "0").text());
        assertEquals("5\n", Cli.run("counter", dir.toString(), "page:home", "0", "--add", "5").text());
        assertEquals("3\n", Cli.run("counter", dir.toString(), "page:home", "0", "--add", "-2").text());
        assertEquals("3\n", Cli.run("counter", dir.toString(), "page:home", "0").text());
    }

    @Test
    void counterWorksBesideALiveWriter()
    {
        try (Store writer = Store.open(dir))
        {
            assertEquals("1\n", Cli.run("counter", dir.toString(), "page:home", "16", "--add", "1").text());
            assertEquals(1, writer.getLong(bytes("page:home"), 16));
        }
    }

    @Test
    void refusalsExitWithTheirCodesAndChangeNothing()
    {
        final Cli.Result missing = Cli.run("patch", dir.toString(), "nope", "0", "x");
        assertEquals(ExitCodes.NOT_FOUND, missing.status(), missing.err());
        assertEquals(ExitCodes.NOT_FOUND, Cli.run("counter", dir.toString(), "nope", "0").status());
        final Cli.Result plain = Cli.run("patch", dir.toString(), "plain", "0", "x");
        assertEquals(ExitCodes.BAD_INPUT, plain.status());
        assertTrue(plain.err().contains("putPatchable"), plain.err());
        assertEquals(ExitCodes.BAD_INPUT, Cli.run("patch", dir.toString(), "page:home", "20", "too long").status());
        assertEquals(ExitCodes.BAD_INPUT, Cli.run("counter", dir.toString(), "page:home", "4", "--add", "1").status());
        assertEquals(ExitCodes.NO_STORE, Cli.run("counter", tmp.resolve("none").toString(), "k", "0").status());
        try (Store store = Store.open(dir))
        {
            assertArrayEquals(new byte[24], store.get(bytes("page:home")));
            assertArrayEquals(bytes("value"), store.get(bytes("plain")));
        }
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
