package io.pagekv;

/**
 * A patch or counter operation was refused before anything was written: the store is unchanged.
 * {@link #reason()} says why; the message names the store, the key's length, the offset and the
 * value's length.
 */
public class PatchRefusedException extends StoreException
{
    private static final long serialVersionUID = 1L;

    /** Why an in-place change was refused. */
    public enum Reason
    {
        /** The key is not in the store. */
        MISSING_KEY,
        /** The range (or the 8-byte field) does not lie inside the value. */
        OUT_OF_RANGE,
        /** A counter offset that is not a multiple of 8. */
        MISALIGNED,
        /** The value was stored with a plain put: only values put with {@code putPatchable} change in place. */
        NOT_PATCHABLE,
        /** The value's commit is not checkpointed yet and the writer did not checkpoint it in time (read-only stores only). */
        NOT_CHECKPOINTED
    }

    private final Reason reason;

    /**
     * @param reason  why.
     * @param message one line a user can act on.
     */
    public PatchRefusedException(final Reason reason, final String message)
    {
        super(message);
        this.reason = reason;
    }

    /** @return why the change was refused. */
    public Reason reason()
    {
        return reason;
    }
}
