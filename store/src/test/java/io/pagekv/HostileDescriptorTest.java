package io.pagekv;

import io.pagekv.export.ExportDescriptor;
import io.pagekv.export.ShmObjects;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.pagekv.ExportTest.bytes;
import static io.pagekv.ExportTest.random;
import static io.pagekv.ExportTest.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Descriptors a consumer must refuse, each with a clear {@link ExportRefusedException}: never a
 * fault, never bytes other than the export's.
 */
class HostileDescriptorTest
{
    @TempDir
    Path tmp;

    private Store store;
    private Store other;
    private final byte[] big = random(300_000, 7);

    @BeforeEach
    void open()
    {
        store = Store.open(tmp.resolve("a"));
        other = Store.open(tmp.resolve("b"));
        store.put(bytes("big"), big);
        store.put(bytes("small"), bytes("small value"));
        other.put(bytes("big"), random(300_000, 8));
    }

    @AfterEach
    void close()
    {
        store.close();
        other.close();
    }

    private static String with(final String json, final String key, final String rawValue)
    {
        final String replaced = json.replaceFirst("\"" + key + "\":(\"[^\"]*\"|[0-9]+)", "\"" + key + "\":" + rawValue);
        assertTrue(!replaced.equals(json) || json.contains("\"" + key + "\":" + rawValue), "no field " + key + " in " + json);
        return replaced;
    }

    private static void refused(final String descriptor, final String because)
    {
        final ExportRefusedException ex = assertThrows(ExportRefusedException.class, () -> SharedExport.attach(descriptor));
        assertTrue(ex.getMessage().contains(because), "expected '" + because + "' in: " + ex.getMessage());
    }

    @Test
    void wrongCrcIsRefused()
    {
        try (SharedExport mapped = store.export(bytes("big")); SharedExport shm = store.export(bytes("small")))
        {
            final String crc = "\"" + String.format("%08x", mapped.crc32c() ^ 1) + "\"";
            refused(with(mapped.descriptor(), "crc32c", crc), "CRC32C");
            refused(with(shm.descriptor(), "crc32c", "\"" + String.format("%08x", shm.crc32c() + 1) + "\""), "CRC32C");
            refused(with(mapped.descriptor(), "offset", String.valueOf(ExportDescriptor.parse(mapped.descriptor()).offset() + 1)), "CRC32C");
        }
    }

    @Test
    void bytesPastTheEndOfTheFileAreRefused() throws IOException
    {
        try (SharedExport mapped = store.export(bytes("big")); SharedExport shm = store.export(bytes("small")))
        {
            final long size = Files.size(Path.of(ExportDescriptor.parse(mapped.descriptor()).file()));
            refused(with(mapped.descriptor(), "offset", String.valueOf(size)), "past the end");
            refused(with(mapped.descriptor(), "offset", String.valueOf(size - 10)), "past the end");
            refused(with(mapped.descriptor(), "length", String.valueOf(size)), "past the end");
            refused(with(mapped.descriptor(), "offset", "999999999999999999"), "past the end");
            refused(with(shm.descriptor(), "length", "4096"), "past the end");
            refused(with(mapped.descriptor(), "offset", "8"), "segment header");
        }
    }

    @Test
    void aFileOfAnotherStoreIsRefused()
    {
        try (SharedExport mine = store.export(bytes("big")); SharedExport theirs = other.export(bytes("big")))
        {
            final String theirFile = ExportDescriptor.parse(theirs.descriptor()).file();
            refused(with(mine.descriptor(), "file", "\"" + theirFile + "\""), "belongs to store");
            final String theirShm = ExportDescriptor.parse(mine.descriptor()).name().replace(
                ExportDescriptor.hex16(store.info().storeId()), ExportDescriptor.hex16(other.info().storeId()));
            try (SharedExport shm = store.export(bytes("small")))
            {
                refused(with(shm.descriptor(), "name", "\"" + theirShm + "\""), "not the name of an export of store");
            }
        }
    }

    @Test
    void aPathOutsideTheStoreIsRefused() throws IOException
    {
        try (SharedExport mapped = store.export(bytes("big")))
        {
            final Path file = Path.of(ExportDescriptor.parse(mapped.descriptor()).file());
            refused(with(mapped.descriptor(), "file", "\"/etc/passwd\""), "not a segment file of a store");
            refused(with(mapped.descriptor(), "file", "\"" + file.getParent() + "/../b/" + file.getFileName() + "\""), "normalized");
            refused(with(mapped.descriptor(), "file", "\"" + file.getFileName() + "\""), "absolute");
            final Path link = file.resolveSibling("seg-000999");
            Files.createSymbolicLink(link, tmp.resolve("b").resolve(file.getFileName()));
            refused(with(mapped.descriptor(), "file", "\"" + link + "\""), "leads outside the store");
        }
    }

    @Test
    void aBadShmNameIsRefused()
    {
        try (SharedExport shm = store.export(bytes("small")))
        {
            refused(with(shm.descriptor(), "name", "\"../../etc/passwd\""), "not the name of an export");
            refused(with(with(shm.descriptor(), "name", "\"pagekv-x\""), "file", "\"/dev/shm/pagekv-x\""), "not the name of an export");
            refused(with(shm.descriptor(), "file", "\"/etc/passwd\""), "lies at offset 0 of");
            final String gone = shm.name().substring(0, shm.name().lastIndexOf('-') + 1) + "123456789";
            refused(with(with(shm.descriptor(), "name", "\"" + gone + "\""), "file", "\"" + ShmObjects.DIR.resolve(gone) + "\""),
                "does not exist");
        }
    }

    @Test
    void malformedDescriptorsAreRefused()
    {
        try (SharedExport shm = store.export(bytes("small")))
        {
            final String good = shm.descriptor();
            refused(null, "null");
            refused("", "not valid JSON");
            refused(good + "x", "text after the object");
            refused(good.replace("{", "{\"extra\":1,"), "expected exactly");
            refused(good.replace("\"txn\"", "\"txn\":1,\"txn\""), "appears twice");
            refused(with(good, "version", "2"), "version 2");
            refused(with(good, "route", "\"carrier-pigeon\""), "neither");
            refused(with(good, "length", "-1"), "not valid JSON");
            refused(with(good, "length", "\"10\""), "not a whole number");
            refused(with(good, "storeId", "\"XYZ\""), "hex digits");
            refused(with(good, "length", "01"), "not valid JSON");
            refused("x".repeat(ExportDescriptor.MAX_LENGTH + 1), "over the");
        }
    }

    @Test
    void aDescriptorWithOneCharacterChangedGivesTheValueOrARefusalNeverOtherBytes()
    {
        try (SharedExport mapped = store.export(bytes("big")); SharedExport shm = store.export(bytes("small")))
        {
            checkMutations(mapped.descriptor(), big);
            checkMutations(shm.descriptor(), bytes("small value"));
        }
    }

    private static void checkMutations(final String descriptor, final byte[] value)
    {
        final String replacements = "0189afAF\"{}:,./-x \\";
        for (int i = 0; i < descriptor.length(); i++)
        {
            for (int r = 0; r < replacements.length(); r++)
            {
                final String mutated = descriptor.substring(0, i) + replacements.charAt(r) + descriptor.substring(i + 1);
                try
                {
                    final DirectBuffer view = SharedExport.attach(mutated);
                    assertArrayEquals(value, read(view), "other bytes from " + mutated);
                }
                catch (final ExportRefusedException expected)
                {
                    // Refused with a typed error: what a hostile descriptor must get.
                }
            }
        }
    }
}
