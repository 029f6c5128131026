package io.pagekv.audit;

import io.pagekv.Durability;
import io.pagekv.PropertyDirectories;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.WriteTxn;
import io.pagekv.format.AuditLogLayout;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any one record of the durable log edited, removed, swapped with the next or cut short: {@code
 * verify} reports the log bad and names that record (its file, offset and sequence number).
 */
class TamperingProperties
{
    enum Tamper { EDIT, DELETE, SWAP_WITH_NEXT, TRUNCATE }

    private final PropertyDirectories dirs = new PropertyDirectories();

    @Property(tries = 40)
    void verifyNamesTheTamperedRecord(@ForAll final Tamper tamper, @ForAll @IntRange(min = 0, max = 1000) final int which,
        @ForAll @IntRange(min = 0, max = 100_000) final int where, @ForAll @IntRange(min = 1, max = 255) final int flip) throws IOException
    {
        final Path dir = dirs.create("pagekv-tamper");
        final long head;
        try (Store store = Store.open(dir, StoreOptions.defaults().withDurability(Durability.ASYNC)))
        {
            store.addAuditHook(AuditSinks.durableLog());
            for (int t = 0; t < 5; t++)
            {
                try (AuditContext.Scope scope = AuditContext.of("user" + t, "req" + t).open(); WriteTxn txn = store.beginWrite())
                {
                    for (int i = 0; i <= t; i++)
                    {
                        txn.put(("k" + t + "-" + i).getBytes(StandardCharsets.UTF_8), new byte[i * 10]);
                    }
                    txn.commit();
                }
            }
            head = store.info().lastTxnId();
        }
        assertTrue(AuditLogVerifier.verify(dir, head, null).isClean());
        final Path file = dir.resolve(AuditLogLayout.DIRECTORY).resolve(AuditLogLayout.fileName(0));
        final byte[] bytes = Files.readAllBytes(file);
        final List<Integer> offsets = recordOffsets(bytes);
        // The last record is the close: removing or swapping needs a record after the chosen one.
        final int index = tamper == Tamper.TRUNCATE ? offsets.size() - 1 :
            tamper == Tamper.EDIT ? which % offsets.size() : which % (offsets.size() - 1);
        final int start = offsets.get(index);
        final int end = index + 1 < offsets.size() ? offsets.get(index + 1) : bytes.length;
        final byte[] tampered;
        switch (tamper)
        {
            case EDIT ->
            {
                tampered = bytes.clone();
                tampered[start + where % (end - start)] ^= (byte)flip;
            }
            case DELETE ->
            {
                tampered = new byte[bytes.length - (end - start)];
                System.arraycopy(bytes, 0, tampered, 0, start);
                System.arraycopy(bytes, end, tampered, start, bytes.length - end);
            }
            case SWAP_WITH_NEXT ->
            {
                final int nextEnd = index + 2 < offsets.size() ? offsets.get(index + 2) : bytes.length;
                tampered = bytes.clone();
                System.arraycopy(bytes, end, tampered, start, nextEnd - end);
                System.arraycopy(bytes, start, tampered, start + nextEnd - end, end - start);
            }
            default -> tampered = Arrays.copyOf(bytes, start + 1 + where % (end - start - 1));
        }
        Files.write(file, tampered);
        final AuditVerifyReport report = AuditLogVerifier.verify(dir, head, null);
        assertFalse(report.isClean(), tamper + " of record " + index + " went unnoticed");
        assertEquals(file, report.badFile(), report.firstProblem());
        assertEquals(start, report.badOffset(), report.firstProblem());
        assertEquals(index, report.badSequence(), report.firstProblem());
        assertEquals(index, report.records(), "every record before the tampered one is good");
    }

    private static List<Integer> recordOffsets(final byte[] bytes)
    {
        final List<Integer> offsets = new ArrayList<>();
        int at = AuditLogLayout.FILE_HEADER_LENGTH;
        while (at < bytes.length)
        {
            offsets.add(at);
            at += ByteBuffer.wrap(bytes, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        }
        return offsets;
    }

    @AfterProperty
    void deleteDirectories()
    {
        dirs.deleteAll();
    }
}
