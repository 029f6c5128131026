package io.pagekv.cli;

/**
 * Checks, one byte at a time, that bytes are well-formed UTF-8 (RFC 3629: no overlong forms,
 * no surrogates, nothing above U+10FFFF), so that a line of any length is checked without
 * being decoded into a string.
 *
 * <p>Not thread-safe.
 */
final class Utf8Check
{
    private int pending;
    private int low = 0x80;
    private int high = 0xBF;

    /**
     * @param b the next byte, 0 to 255.
     * @return whether the bytes so far can still be well-formed UTF-8.
     */
    boolean accept(final int b)
    {
        if (pending > 0)
        {
            if (b < low || b > high)
            {
                return false;
            }
            pending--;
            low = 0x80;
            high = 0xBF;
            return true;
        }
        if (b < 0x80)
        {
            return true;
        }
        if (b >= 0xC2 && b <= 0xDF)
        {
            pending = 1;
        }
        else if (b >= 0xE0 && b <= 0xEF)
        {
            pending = 2;
            low = b == 0xE0 ? 0xA0 : 0x80;
            high = b == 0xED ? 0x9F : 0xBF;
        }
        else if (b >= 0xF0 && b <= 0xF4)
        {
            pending = 3;
            low = b == 0xF0 ? 0x90 : 0x80;
            high = b == 0xF4 ? 0x8F : 0xBF;
        }
        else
        {
            return false;
        }
        return true;
    }

    /**
     * @return whether no character is cut short; resets for the next piece of text.
     */
    boolean complete()
    {
        final boolean complete = pending == 0;
        pending = 0;
        low = 0x80;
        high = 0xBF;
        return complete;
    }
}
