package io.pagekv;

/**
 * A value is longer than the largest value a store takes ({@link Store#maxValueSize()}). Nothing was written.
 */
public class ValueTooLargeException extends StoreException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param length  the value's length.
     * @param maximum the largest value the store takes.
     */
    public ValueTooLargeException(final long length, final long maximum)
    {
        super("value of " + length + " bytes is too large: values are 0 to " + maximum + " bytes");
    }
}
