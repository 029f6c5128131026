package io.pagekv.cli;

/**
 * Bytes as {@code hexdump -C} shows them: an offset, sixteen bytes in hex in two groups of
 * eight, the printable ones as ASCII; a run of lines equal to the one before is one {@code *}
 * line, and the last line gives the length.
 */
final class HexDump
{
    private static final int LINE = 16;

    private HexDump()
    {
    }

    /**
     * @param bytes the bytes.
     * @return the dump, one line per sixteen bytes, each ending in a newline.
     */
    static String of(final byte[] bytes)
    {
        final StringBuilder dump = new StringBuilder();
        boolean skipping = false;
        for (int at = 0; at < bytes.length; at += LINE)
        {
            if (at > 0 && at + LINE <= bytes.length && sameAsBefore(bytes, at))
            {
                if (!skipping)
                {
                    dump.append("*\n");
                    skipping = true;
                }
                continue;
            }
            skipping = false;
            line(dump, bytes, at);
        }
        return dump.append(String.format("%08x%n", bytes.length)).toString();
    }

    private static boolean sameAsBefore(final byte[] bytes, final int at)
    {
        for (int i = 0; i < LINE; i++)
        {
            if (bytes[at + i] != bytes[at - LINE + i])
            {
                return false;
            }
        }
        return true;
    }

    private static void line(final StringBuilder dump, final byte[] bytes, final int at)
    {
        final int end = Math.min(at + LINE, bytes.length);
        dump.append(String.format("%08x", at));
        for (int i = at; i < at + LINE; i++)
        {
            dump.append(i % 8 == 0 ? "  " : " ");
            if (i < end)
            {
                dump.append(HexDigits.digit((bytes[i] >> 4) & 0xF)).append(HexDigits.digit(bytes[i] & 0xF));
            }
            else
            {
                dump.append("  ");
            }
        }
        dump.append("  |");
        for (int i = at; i < end; i++)
        {
            final int b = bytes[i] & 0xFF;
            dump.append(b >= 0x20 && b < 0x7F ? (char)b : '.');
        }
        dump.append("|\n");
    }
}
