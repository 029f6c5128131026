package io.pagekv;

import java.nio.file.Path;

/**
 * One fault found by {@link Store#verify()}: where it is and what is wrong.
 *
 * @param file   the file holding it.
 * @param page   the page index in that file, or -1.
 * @param offset the byte offset in that file, or -1.
 * @param what   what was expected and what was found.
 */
public record VerifyProblem(Path file, long page, long offset, String what)
{
    /**
     * @return one line: {@code file page N offset M: what}.
     */
    @Override
    public String toString()
    {
        return file + (page >= 0 ? " page " + page : "") + (offset >= 0 ? " offset " + offset : "") + ": " + what;
    }
}
