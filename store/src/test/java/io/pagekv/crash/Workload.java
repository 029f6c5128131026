package io.pagekv.crash;

import io.pagekv.WriteTxn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;

/**
 * The random workload of the battery, as a pure function of (seed, sequence number): the
 * application's {@code s}-th transaction always holds the same operations, whichever process
 * writes it and however often it was retried. So the expected contents after any sequence number
 * can be recomputed by replaying 1..s on a model.
 *
 * <p>The sequence is the application's own, not the store's txn id: every transaction writes the
 * marker key {@link #MARKER} with its sequence number, one above the marker it read, so a state is
 * identified by its contents. The store's own commits (automatic compaction moves pages in commits
 * of its own) change no contents and so no sequence number. Some transactions write a whole group
 * of keys with one tag, so that all-or-nothing can be seen without the model ({@link #checkGroups}).
 */
final class Workload
{
    /** Key whose value is the sequence number of the application's last commit. */
    static final byte[] MARKER = "!txn".getBytes(StandardCharsets.US_ASCII);

    static final int KEY_SPACE = 600;
    static final int GROUPS = 8;
    static final int GROUP_SIZE = 12;

    private final long seed;
    private final boolean compressible;
    private final boolean large;

    Workload(final long seed)
    {
        this(seed, false);
    }

    /**
     * @param seed         the seed.
     * @param compressible whether random values are drawn from four letters (so that LZ4
     *                     compresses them) rather than from all bytes.
     */
    Workload(final long seed, final boolean compressible)
    {
        this(seed, compressible, true);
    }

    /**
     * @param seed         the seed.
     * @param compressible as above.
     * @param large        whether about one transaction in a hundred writes over 2 MiB; without,
     *                     those write one value of up to 110 KB, as a few others do.
     */
    Workload(final long seed, final boolean compressible, final boolean large)
    {
        this.seed = seed;
        this.compressible = compressible;
        this.large = large;
    }

    /**
     * One operation: a put, or a delete when {@code value} is null.
     */
    record Op(byte[] key, byte[] value)
    {
    }

    /**
     * @param sequence the transaction's sequence number.
     * @return its operations, marker last.
     */
    List<Op> ops(final long sequence)
    {
        final Random random = new Random(seed * 0x9E3779B97F4A7C15L + sequence * 0xC2B2AE3D27D4EB4FL);
        final List<Op> ops = new ArrayList<>();
        final int kind = random.nextInt(100);
        if (kind < 55)
        {
            final int n = 1 + random.nextInt(8);
            for (int i = 0; i < n; i++)
            {
                final byte[] key = key(random.nextInt(KEY_SPACE));
                ops.add(random.nextInt(5) == 0 ? new Op(key, null) : new Op(key, value(random, sequence, randomLength(random))));
            }
        }
        else if (kind < 72)
        {
            final int group = random.nextInt(GROUPS);
            final boolean large = random.nextInt(4) == 0;
            for (int i = 0; i < GROUP_SIZE; i++)
            {
                ops.add(new Op(groupKey(group, i), groupValue(sequence, large ? 1500 + random.nextInt(2000) : 16)));
            }
        }
        else if (kind < 82)
        {
            final int n = 20 + random.nextInt(120);
            final int start = random.nextInt(KEY_SPACE);
            for (int i = 0; i < n; i++)
            {
                ops.add(new Op(key((start + i) % KEY_SPACE), value(random, sequence, random.nextInt(120))));
            }
        }
        else if (kind < 94)
        {
            final int n = 5 + random.nextInt(30);
            final int start = random.nextInt(KEY_SPACE);
            for (int i = 0; i < n; i++)
            {
                ops.add(new Op(key((start + i) % KEY_SPACE), null));
            }
        }
        else if (kind < 99 || !large)
        {
            ops.add(new Op(key(random.nextInt(KEY_SPACE)), value(random, sequence, 20_000 + random.nextInt(90_000))));
        }
        else
        {
            // Over 2 MiB of pages: the log writes the commit a chunk at a time, its record last (decision 69).
            for (int i = 0; i < 3; i++)
            {
                ops.add(new Op(key(random.nextInt(KEY_SPACE)), value(random, sequence, 700_000 + random.nextInt(300_000))));
            }
        }
        ops.add(new Op(MARKER, longBytes(sequence)));
        return ops;
    }

    /**
     * Applies the next sequence number's operations to an open transaction: the one after the
     * marker the transaction reads.
     *
     * @param txn the transaction.
     * @return the sequence number it now holds.
     */
    long apply(final WriteTxn txn)
    {
        final long sequence = sequence(txn::get) + 1;
        for (final Op op : ops(sequence))
        {
            if (op.value() == null)
            {
                txn.delete(op.key());
            }
            else
            {
                txn.put(op.key(), op.value());
            }
        }
        return sequence;
    }

    /**
     * @param get reads a key in one snapshot or transaction.
     * @return the sequence number of the application's last commit it holds, 0 before the first.
     */
    static long sequence(final java.util.function.Function<byte[], byte[]> get)
    {
        final byte[] marker = get.apply(MARKER);
        return marker == null ? 0 : longOf(marker);
    }

    /**
     * Applies the operations of sequence number {@code sequence} to a model.
     *
     * @param model the model.
     * @param sequence the sequence number.
     */
    void apply(final NavigableMap<byte[], byte[]> model, final long sequence)
    {
        for (final Op op : ops(sequence))
        {
            if (op.value() == null)
            {
                model.remove(op.key());
            }
            else
            {
                model.put(op.key(), op.value());
            }
        }
    }

    private static int randomLength(final Random random)
    {
        final int size = random.nextInt(100);
        if (size < 70)
        {
            return random.nextInt(60);
        }
        if (size < 90)
        {
            return 100 + random.nextInt(800);
        }
        return 1100 + random.nextInt(8000);
    }

    static byte[] key(final int n)
    {
        return String.format("k%05d", n).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] groupKey(final int group, final int member)
    {
        return String.format("g%02d/%02d", group, member).getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] value(final Random random, final long sequence, final int length)
    {
        final byte[] value = new byte[length];
        random.nextBytes(value);
        if (compressible)
        {
            for (int i = 0; i < length; i++)
            {
                value[i] = (byte)('a' + (value[i] & 3));
            }
        }
        if (length >= 8)
        {
            ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).putLong(0, sequence);
        }
        return value;
    }

    private static byte[] groupValue(final long sequence, final int length)
    {
        final byte[] value = new byte[length];
        final ByteBuffer buffer = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(0, sequence);
        for (int i = 8; i < length; i++)
        {
            value[i] = (byte)(sequence * 31 + i);
        }
        return value;
    }

    static byte[] longBytes(final long value)
    {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value).array();
    }

    static long longOf(final byte[] bytes)
    {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    /**
     * The all-or-nothing check that needs no model: each group's keys are all absent or all
     * carry the same tag, and no tag is newer than the marker's sequence number.
     *
     * @param get   reads a key in one snapshot.
     * @return null when it holds, else what is wrong.
     */
    static String checkGroups(final java.util.function.Function<byte[], byte[]> get)
    {
        final long sequence = sequence(get);
        for (int group = 0; group < GROUPS; group++)
        {
            final byte[] first = get.apply(groupKey(group, 0));
            for (int member = 1; member < GROUP_SIZE; member++)
            {
                final byte[] value = get.apply(groupKey(group, member));
                if ((first == null) != (value == null) || (first != null && longOf(first) != longOf(value)))
                {
                    return "group " + group + " is half written at sequence " + sequence + ": member 0 has tag " +
                        (first == null ? "none" : longOf(first)) + ", member " + member + " has " + (value == null ? "none" : longOf(value));
                }
            }
            if (first != null && longOf(first) > sequence)
            {
                return "group " + group + " has tag " + longOf(first) + ", newer than the marker's sequence " + sequence;
            }
        }
        return null;
    }
}
