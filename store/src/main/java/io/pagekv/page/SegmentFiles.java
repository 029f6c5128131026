package io.pagekv.page;

import io.pagekv.format.StoreFileNames;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The names of segment files, {@code seg-NNNNNN} with a decimal segment number of at least six
 * digits, and the listing of a store directory's segments.
 */
public final class SegmentFiles
{
    private static final String PREFIX = StoreFileNames.SEGMENT_PREFIX;
    /** Pads a segment number to six digits. */
    private static final String ZEROS = "000000";

    private SegmentFiles()
    {
    }

    /**
     * @param dir     the store directory.
     * @param segment a segment number.
     * @return the segment's file.
     */
    public static Path path(final Path dir, final int segment)
    {
        if (segment < 0)
        {
            return dir.resolve(String.format("%s%06d", PREFIX, segment));
        }
        final String digits = Integer.toString(segment);
        return dir.resolve(PREFIX + ZEROS.substring(Math.min(digits.length(), ZEROS.length())) + digits);
    }

    /**
     * @param dir the store directory.
     * @return the numbers of its segment files, ascending.
     * @throws IOException if the directory cannot be listed.
     */
    public static int[] list(final Path dir) throws IOException
    {
        return numbers(names(dir));
    }

    /**
     * @param dir the store directory.
     * @return the names of the files in it, in no order.
     * @throws IOException if the directory cannot be listed.
     */
    static String[] names(final Path dir) throws IOException
    {
        // File.list reads the directory in one pass without a stream's extra descriptor and filter.
        final String[] names = dir.toFile().list();
        if (names == null)
        {
            throw new IOException("cannot list the segment files of " + dir + ": it is not a directory that can be read");
        }
        return names;
    }

    /**
     * @param names the names of a store directory's files.
     * @return the numbers of the segment files among them, ascending.
     */
    static int[] numbers(final String[] names)
    {
        int[] numbers = new int[names.length];
        int count = 0;
        for (final String name : names)
        {
            final int number = name.startsWith(PREFIX) ? parse(name) : -1;
            if (number >= 0)
            {
                numbers[count++] = number;
            }
        }
        numbers = Arrays.copyOf(numbers, count);
        Arrays.sort(numbers);
        return numbers;
    }

    private static int parse(final String name)
    {
        final String digits = name.substring(PREFIX.length());
        if (digits.length() < 6 || digits.length() > 10 || !digits.chars().allMatch(Character::isDigit))
        {
            return -1;
        }
        final long number = Long.parseLong(digits);
        return number > Integer.MAX_VALUE ? -1 : (int)number;
    }
}
