package io.pagekv.cli;

import io.pagekv.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code load --format mdb-dump} reads what LMDB's {@code mdb_dump} 0.9 writes (the texts here
 * are its output, byte for byte), in both its formats, and refuses what pagekv cannot hold.
 */
class MdbDumpTest
{
    private static final String HEADER = "VERSION=3\nformat=%s\ntype=btree\nmapsize=1048576\nmaxreaders=126\ndb_pagesize=%d\nHEADER=END\n";

    @TempDir
    Path tmp;

    @Test
    void bytevalueDumpLoads()
    {
        final String dump = String.format(HEADER, "bytevalue", 8192) +
            " 62696e00ff\n \n 757365723a31\n 416461\n 757365723a32\n 74616209616e640a\nDATA=END\n";
        final Path dir = tmp.resolve("hex");
        final Cli.Result result = Cli.withInput(bytes(dump), "load", dir.toString(), "--format", "mdb-dump");
        assertEquals(0, result.status(), result::toString);
        assertEquals("bin\\x00\\xff\t\nuser:1\tAda\nuser:2\ttab\\x09and\\x0a\n", Cli.run("scan", dir.toString()).text());
        try (Store store = Store.openReadOnly(dir))
        {
            assertEquals(8192, store.pageSize(), "the LMDB page size, when pagekv can make it");
        }
    }

    @Test
    void printDumpLoadsItsEscapes()
    {
        final String dump = String.format(HEADER, "print", 4096) + " k2\n \\7f \\ff\\0a\n k\\\\\n a\\\\\\\\b\nDATA=END\n";
        final Path dir = tmp.resolve("print");
        final Cli.Result result = Cli.withInput(bytes(dump), "load", dir.toString(), "--format", "mdb-dump");
        assertEquals(0, result.status(), result::toString);
        assertEquals("6b32\t7f20ff0a\n6b5c\t615c5c62\n", Cli.run("scan", dir.toString(), "--format", "hex").text());
    }

    static Stream<Arguments> refused()
    {
        return Stream.of(
            Arguments.of("VERSION=3\nformat=bytevalue\nduplicates=1\ntype=btree\nHEADER=END\n 6b\n 76\nDATA=END\n",
                "line 3: a DUPSORT database (duplicates=1) holds several values per key; pagekv keys are unique"),
            Arguments.of(String.format(HEADER, "bytevalue", 4096) + " 6b\n 76\nDATA=END\n" + String.format(HEADER, "bytevalue", 4096),
                "line 11: a second database follows (mdb_dump -a): load one database at a time, dumped with mdb_dump -s NAME"),
            Arguments.of(String.format(HEADER, "bytevalue", 4096) + " 6b\n 76\n",
                "line 10: the dump stops after 1 entries without its 'DATA=END' line: it is truncated"),
            Arguments.of(String.format(HEADER, "print", 4096) + " k\\\n v\nDATA=END\n",
                "line 8: key is not valid: bad escape at position 1: the print format writes \\\\ for a backslash"),
            Arguments.of(String.format(HEADER, "bytevalue", 4096) + " 6b\n 7\nDATA=END\n",
                "line 9: value is not valid: hex needs two digits per byte, got 1 digits"),
            Arguments.of(String.format(HEADER, "bytevalue", 4096) + " 6b\nDATA=END\n",
                "line 9: expected the value of the key on line 8, as a line starting with a space"),
            Arguments.of("pagekv-dump 1 format=text\nend 0\n", "line 1: not an mdb_dump: expected 'VERSION=3', found 'pagekv-dump 1 format=text'"),
            Arguments.of("VERSION=2\nHEADER=END\nDATA=END\n", "line 1: VERSION=2: this pagekv reads mdb_dump's version 3"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void whatPagekvCannotHoldIsRefusedAndNoStoreIsCreated(final String dump, final String message)
    {
        final Path dir = tmp.resolve("refused");
        final Cli.Result result = Cli.withInput(bytes(dump), "load", dir.toString(), "--format", "mdb-dump");
        assertEquals(ExitCodes.BAD_INPUT, result.status(), result::toString);
        assertTrue(result.errLine().startsWith("pagekv: standard input " + message), result::toString);
        assertFalse(Files.exists(dir), "no store");
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
