package io.pagekv.format;

/**
 * The page types, stored in byte 0 of every page header. Numbers are part of the format and
 * never reused; the reserved ones are claimed by features that build on this format.
 */
public final class PageType
{
    /** Never written: zero bytes of a sparse segment. */
    public static final int UNWRITTEN = 0;
    /** An inner B+tree node: separator keys and child page ids. */
    public static final int BRANCH = 1;
    /** A B+tree leaf: keys with inline values or references to overflow runs. */
    public static final int LEAF = 2;
    /** The first page of a run of contiguous pages holding one large value. */
    public static final int OVERFLOW = 3;
    /** A commit record, leading the pages of its transaction. */
    public static final int COMMIT = 4;
    /** Page 0 of every segment file. */
    public static final int SEGMENT_HEADER = 5;
    /** Reserved: a run holding an LZ4-compressed large value. */
    public static final int RESERVED_BLOB = 6;
    /** A journaled in-place patch record in the log ({@link PatchRecordLayout}). */
    public static final int PATCH = 7;
    /** Reserved: a record of pages freed by a commit, for per-segment live counts. */
    public static final int RESERVED_FREED = 8;

    private PageType()
    {
    }

    /**
     * @param type a type byte.
     * @return its name, for messages.
     */
    public static String name(final int type)
    {
        switch (type)
        {
            case UNWRITTEN: return "unwritten";
            case BRANCH: return "branch";
            case LEAF: return "leaf";
            case OVERFLOW: return "overflow";
            case COMMIT: return "commit";
            case SEGMENT_HEADER: return "segment-header";
            case RESERVED_BLOB: return "blob";
            case PATCH: return "patch";
            case RESERVED_FREED: return "freed";
            default: return "unknown(" + type + ")";
        }
    }
}
