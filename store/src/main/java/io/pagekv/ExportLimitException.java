package io.pagekv;

/**
 * An export would go over the limits of {@link StoreOptions#withExportLimits}: too many exports
 * open in this process, or too many bytes of shared memory held by them. Nothing was exported;
 * close exports, or raise the limits.
 */
public class ExportLimitException extends StoreException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line a user can act on.
     */
    public ExportLimitException(final String message)
    {
        super(message);
    }
}
