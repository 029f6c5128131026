package io.pagekv.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a page id as {@code pagekv page} takes it: {@code SEGMENT:INDEX} (as {@code pages}
 * prints it, for example {@code 0:3}) or the u64 id in decimal (the segment number in its high
 * 32 bits, the index in its low 32 bits, as {@code docs/format.md} defines it).
 */
final class PageIdConverter implements ITypeConverter<Long>
{
    @Override
    public Long convert(final String text)
    {
        final String id = text.trim();
        final int colon = id.indexOf(':');
        try
        {
            if (colon < 0)
            {
                return Long.parseUnsignedLong(id);
            }
            final long segment = Long.parseLong(id.substring(0, colon));
            final long index = Long.parseLong(id.substring(colon + 1));
            if (segment < 0 || segment > 0xFFFF_FFFFL || index < 0 || index > 0xFFFF_FFFFL)
            {
                throw new NumberFormatException();
            }
            return segment << 32 | index;
        }
        catch (final NumberFormatException ex)
        {
            throw new TypeConversionException("'" + text + "' is not a page id: give SEGMENT:INDEX as 'pagekv pages' " +
                "prints it (for example 0:3), or the id in decimal");
        }
    }

    /**
     * @param pageId a page id.
     * @return it as {@code SEGMENT:INDEX}.
     */
    static String address(final long pageId)
    {
        return pageId == -1 ? "none" : (pageId >>> 32) + ":" + (pageId & 0xFFFF_FFFFL);
    }
}
