package io.pagekv.page;

import io.pagekv.format.StoreFileNames;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The names of segment files, {@code seg-NNNNNN} with a decimal segment number of at least six
 * digits, and the listing of a store directory's segments.
 */
public final class SegmentFiles
{
    private static final String PREFIX = StoreFileNames.SEGMENT_PREFIX;

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
        return dir.resolve(String.format("%s%06d", PREFIX, segment));
    }

    /**
     * @param dir the store directory.
     * @return the numbers of its segment files, ascending.
     * @throws IOException if the directory cannot be listed.
     */
    public static int[] list(final Path dir) throws IOException
    {
        int[] numbers = new int[8];
        int count = 0;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, path -> path.getFileName().toString().startsWith(PREFIX)))
        {
            for (final Path path : stream)
            {
                final int number = parse(path.getFileName().toString());
                if (number >= 0)
                {
                    if (count == numbers.length)
                    {
                        numbers = Arrays.copyOf(numbers, count * 2);
                    }
                    numbers[count++] = number;
                }
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
