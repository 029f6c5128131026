package io.pagekv.value;

import io.pagekv.format.LeafLayout;

/**
 * What each value kind of a leaf cell means to this build: which kinds it reads, what a kind
 * stores in the cell, and how to name one in a message. The numbers are the format's
 * ({@link LeafLayout#VALUE_INLINE}, {@link LeafLayout#VALUE_OVERFLOW}, the reserved
 * {@link LeafLayout#VALUE_LZ4}); in-memory markers use numbers from
 * {@link LeafLayout#FIRST_MEMORY_KIND}, which no format version writes.
 *
 * <p>A new kind is added here and in {@link ValueDecoder}, nowhere else.
 *
 * <p>Stateless and thread-safe.
 */
public final class ValueKind
{
    private ValueKind()
    {
    }

    /**
     * @param kind a value kind read from a cell.
     * @return whether this build reads values of that kind from disk.
     */
    public static boolean isReadable(final int kind)
    {
        return LeafLayout.isWrittenKind(kind);
    }

    /**
     * @param kind a readable value kind.
     * @return whether the cell holds a u64 reference to an overflow run rather than the stored bytes.
     */
    public static boolean hasRun(final int kind)
    {
        return LeafLayout.namesRun(kind);
    }

    /**
     * @param kind a readable value kind.
     * @return whether the stored bytes are an LZ4 block ({@link io.pagekv.format.Lz4BlockLayout}).
     */
    public static boolean isCompressed(final int kind)
    {
        return kind == LeafLayout.VALUE_LZ4 || kind == LeafLayout.VALUE_LZ4_INLINE;
    }

    /**
     * @param kind a value kind.
     * @return whether values of that kind may be written to disk; in-memory markers may not.
     */
    public static boolean isOnDisk(final int kind)
    {
        return kind < LeafLayout.FIRST_MEMORY_KIND;
    }

    /**
     * @param kind        a value kind: readable, or an in-memory marker holding a reference.
     * @param valueLength the value's length.
     * @return the bytes the cell holds after the key: the value itself when inline, else a u64
     * reference.
     */
    public static int storedLength(final int kind, final int valueLength)
    {
        return kind == LeafLayout.VALUE_INLINE || kind == LeafLayout.VALUE_LZ4_INLINE ? valueLength : LeafLayout.OVERFLOW_REF_LENGTH;
    }

    /**
     * @param kind a value kind.
     * @return the number and its meaning, for a message: {@code "5 (unknown)"}.
     */
    public static String name(final int kind)
    {
        final String meaning;
        if (kind == LeafLayout.VALUE_INLINE)
        {
            meaning = "inline";
        }
        else if (kind == LeafLayout.VALUE_OVERFLOW)
        {
            meaning = "overflow";
        }
        else if (kind == LeafLayout.VALUE_LZ4)
        {
            meaning = "LZ4 in an overflow run";
        }
        else if (kind == LeafLayout.VALUE_LZ4_INLINE)
        {
            meaning = "LZ4 inline";
        }
        else if (!isOnDisk(kind))
        {
            meaning = "in-memory marker, never valid on disk";
        }
        else
        {
            meaning = "unknown";
        }
        return kind + " (" + meaning + ")";
    }
}
