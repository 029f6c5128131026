package io.pagekv.value;

/**
 * An LZ4 block that cannot be inflated: its stored length lies, or its bytes are not a valid LZ4
 * block of that length. Thrown by {@link Lz4Block#inflate}, which knows only the block; the caller
 * knows where the block lies and reports it as a {@link io.pagekv.CorruptStoreException} naming
 * file, page and offset ({@link #offsetInBlock()} + where the block starts).
 */
public final class DamagedBlockException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int offsetInBlock;

    /**
     * @param offsetInBlock the offset of the bad field from the start of the stored block.
     * @param what          what is wrong.
     */
    DamagedBlockException(final int offsetInBlock, final String what)
    {
        super(what, null, false, false);
        this.offsetInBlock = offsetInBlock;
    }

    /**
     * @return the offset of the bad field from the start of the stored block.
     */
    public int offsetInBlock()
    {
        return offsetInBlock;
    }
}
