package io.pagekv;

/**
 * An export descriptor was refused by {@link SharedExport#attach}: it is malformed, names a file
 * outside the store or of another store, lies past the end of its file, or its bytes do not match
 * its CRC32C. Nothing was mapped. The message says which check failed, naming file and offset.
 */
public class ExportRefusedException extends StoreException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line a user can act on.
     */
    public ExportRefusedException(final String message)
    {
        super(message);
    }

    /**
     * @param message one line a user can act on.
     * @param cause   the underlying failure.
     */
    public ExportRefusedException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
