package io.pagekv.cli;

/**
 * The exit statuses of {@code pagekv}, part of its interface: scripts branch on them. Every
 * status other than {@link #OK} comes with one line on standard error.
 */
public final class ExitCodes
{
    /** Success. */
    public static final int OK = 0;
    /** The key asked for is not in the store ({@code get}, {@code delete}). */
    public static final int NOT_FOUND = 1;
    /** Bad command line: unknown option, missing or undecodable argument. */
    public static final int USAGE = 2;
    /** The store is corrupt, or {@code verify} found a problem. */
    public static final int CORRUPT = 3;
    /** Another process holds the store open for writing. */
    public static final int LOCKED = 4;
    /** Input rejected: a malformed or truncated dump, an oversized key or value. Nothing was written. */
    public static final int BAD_INPUT = 5;
    /** The directory is missing, or is not a pagekv store. */
    public static final int NO_STORE = 6;
    /** A file could not be read or written: I/O error, full disk, poisoned store. */
    public static final int IO_ERROR = 7;
    /** An unexpected failure: a bug. Run again with --verbose and report the stack trace. */
    public static final int INTERNAL = 8;
    /** The JVM ran out of heap or stack; the message says which option gives it more. Nothing more was written. */
    public static final int OUT_OF_MEMORY = 9;
    /** Interrupted (Ctrl-C, SIGTERM): what was committed is kept and reported. 128 + SIGINT, as shells do. */
    public static final int INTERRUPTED = 130;

    private ExitCodes()
    {
    }
}
