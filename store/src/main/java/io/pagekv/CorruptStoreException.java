package io.pagekv;

import java.nio.file.Path;

/**
 * A store file does not hold what pagekv wrote there: a checksum that does not match, a
 * structure out of bounds, a file that is too short, a format this build does not read.
 * The message names the file, and where known the page and byte offset.
 */
public class CorruptStoreException extends StoreException
{
    private static final long serialVersionUID = 1L;

    /** Marks an unknown page or offset. */
    public static final long UNKNOWN = -1;

    private final transient Path file;
    private final long page;
    private final long offset;
    private final String what;

    /**
     * @param file   the damaged file.
     * @param page   the page index inside that file, or {@link #UNKNOWN}.
     * @param offset the byte offset inside that file, or {@link #UNKNOWN}.
     * @param what   what was expected and what was found.
     */
    public CorruptStoreException(final Path file, final long page, final long offset, final String what)
    {
        super(describe(file, page, offset, what));
        this.file = file;
        this.page = page;
        this.offset = offset;
        this.what = what;
    }

    /**
     * @return what is wrong, without the location: what was expected and what was found.
     */
    public String what()
    {
        return what;
    }

    /**
     * @return the damaged file.
     */
    public Path file()
    {
        return file;
    }

    /**
     * @return the page index inside {@link #file()}, or {@link #UNKNOWN}.
     */
    public long page()
    {
        return page;
    }

    /**
     * @return the byte offset inside {@link #file()}, or {@link #UNKNOWN}.
     */
    public long offset()
    {
        return offset;
    }

    private static String describe(final Path file, final long page, final long offset, final String what)
    {
        final StringBuilder sb = new StringBuilder("corrupt store: ");
        if (page != UNKNOWN)
        {
            sb.append("page ").append(page).append(" in ");
        }
        sb.append(file);
        if (offset != UNKNOWN)
        {
            sb.append(" at offset ").append(offset);
        }
        return sb.append(": ").append(what).toString();
    }
}
