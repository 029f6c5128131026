package io.pagekv.txn;

import io.pagekv.CorruptStoreException;
import io.pagekv.ForwardingStoreFile;
import io.pagekv.PropertyDirectories;
import io.pagekv.format.SuperblockLayout;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.AfterProperty;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Superblock#read} reads both slots with one read of the file and then judges each slot
 * on the bytes that read gave it. Against a model of the two slots written, the file cut at any
 * length and one byte of either slot flipped or none: a slot is valid exactly when it is whole
 * and unflipped, and comes back with the fields written, newest first; a slot the cut reaches
 * into says where the file ends; an invalid slot counts as damaged unless the file holds none of
 * its bytes or only zeros; with no valid slot the read fails, saying where the file ends for
 * each slot it cuts.
 */
class SuperblockReadProperties
{
    private static final int SLOT = SuperblockLayout.SLOT_LENGTH;

    private final PropertyDirectories dirs = new PropertyDirectories();

    @AfterProperty
    void deleteDirectories()
    {
        dirs.deleteAll();
    }

    @Property(tries = 300)
    void eachSlotIsJudgedOnItsOwnBytes(
        @ForAll @IntRange(min = 0, max = 2 * SLOT + 64) final int cutAt,
        @ForAll @IntRange(min = -1, max = 2 * SLOT - 1) final int flipAt,
        @ForAll @LongRange(min = 1, max = 1000) final long sequence0,
        @ForAll @LongRange(min = 1, max = 1000) final long sequence1) throws IOException
    {
        final Path meta = dirs.create("pagekv-superblock-read").resolve("meta");
        final SuperblockSlot[] written = {slot(0, sequence0), slot(1, sequence1)};
        try (StoreFile file = FileIO.jdk().open(meta, true))
        {
            Superblock.write(file, written[0], false);
            Superblock.write(file, written[1], false);
        }
        try (RandomAccessFile raw = new RandomAccessFile(meta.toFile(), "rw"))
        {
            if (flipAt >= 0)
            {
                raw.seek(flipAt);
                final int old = raw.read();
                raw.seek(flipAt);
                raw.write(old ^ 0x5A);
            }
            raw.setLength(Math.min(raw.length(), cutAt));
        }
        final List<SuperblockSlot> expected = new ArrayList<>();
        final List<String> reasons = new ArrayList<>();
        final List<Integer> damaged = new ArrayList<>();
        for (int i = 0; i < 2; i++)
        {
            final int start = i * SLOT;
            final int bytesInFile = Math.max(0, Math.min(SLOT, cutAt - start));
            final boolean flipped = flipAt >= start && flipAt < start + SLOT && flipAt < cutAt;
            if (bytesInFile == SLOT && !flipped)
            {
                expected.add(written[i]);
                continue;
            }
            if (bytesInFile < SLOT)
            {
                reasons.add("slot " + i + ": file ends at " + (start + bytesInFile));
            }
            if (bytesInFile > 0)
            {
                // A written slot holds non-zero bytes from its first (the magic); every slot here was written.
                damaged.add(i);
            }
        }

        final CountingFile counting;
        try (StoreFile file = FileIO.jdk().openReadOnly(meta))
        {
            counting = new CountingFile(file);
            final List<CorruptStoreException> found = new ArrayList<>();
            if (expected.isEmpty())
            {
                final CorruptStoreException thrown = assertThrows(CorruptStoreException.class, () -> Superblock.read(counting, found));
                for (final String reason : reasons)
                {
                    assertTrue(thrown.getMessage().contains(reason), thrown.getMessage() + " names " + reason);
                }
            }
            else
            {
                final List<SuperblockSlot> valid = Superblock.read(counting, found);
                assertEquals(sortedBySequence(expected), valid, "cut at " + cutAt + ", flipped at " + flipAt);
            }
            assertEquals(damaged, found.stream().map(SuperblockReadProperties::slotOf).toList(), "damaged slots: " + found);
        }
        assertTrue(counting.reads <= 2, "reads: " + counting.reads);
    }

    /** A whole superblock takes one read. */
    @Example
    void aWholeSuperblockIsReadWithOneRead() throws IOException
    {
        final Path meta = dirs.create("pagekv-superblock-read").resolve("meta");
        try (StoreFile file = FileIO.jdk().open(meta, true))
        {
            Superblock.write(file, slot(0, 7), false);
            Superblock.write(file, slot(1, 8), false);
        }
        try (StoreFile file = FileIO.jdk().openReadOnly(meta))
        {
            final CountingFile counting = new CountingFile(file);
            final List<SuperblockSlot> valid = Superblock.read(counting, new ArrayList<>());
            assertEquals(List.of(slot(1, 8), slot(0, 7)), valid);
            assertEquals(1, counting.reads, "reads of the file");
        }
    }

    private static List<SuperblockSlot> sortedBySequence(final List<SuperblockSlot> slots)
    {
        return slots.stream().sorted(Comparator.comparingLong(SuperblockSlot::sequence).reversed()).toList();
    }

    private static int slotOf(final CorruptStoreException damage)
    {
        return (int)(damage.offset() / SLOT);
    }

    private static SuperblockSlot slot(final int slot, final long sequence)
    {
        return new SuperblockSlot(slot, sequence, 0x5EED0000L + slot, 4096, (1L << 32) | (sequence + 1), sequence * 3,
            (int)(sequence * 7919), slot, 64L << 20, 1_700_000_000_000L + sequence, null, slot == 1);
    }

    /** Counts the reads that reach the file. */
    private static final class CountingFile extends ForwardingStoreFile
    {
        int reads;

        CountingFile(final StoreFile file)
        {
            super(file);
        }

        @Override
        public int read(final long position, final ByteBuffer dst) throws IOException
        {
            reads++;
            return super.read(position, dst);
        }
    }
}
