package io.pagekv;

/**
 * A key is empty or longer than the store's maximum key size ({@link Store#maxKeySize()}).
 * Nothing was written.
 */
public class KeyTooLargeException extends StoreException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param length  the key's length.
     * @param maximum the largest key the store takes.
     */
    public KeyTooLargeException(final int length, final int maximum)
    {
        super(length == 0 ?
            "key is empty: keys are 1 to " + maximum + " bytes" :
            "key of " + length + " bytes is too large: keys are 1 to " + maximum + " bytes");
    }
}
