package io.pagekv.cli;

import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * How far a {@code load} got: the entries of the dump committed so far, the last txn and key,
 * for the report that an interrupted load prints with the command that resumes it.
 *
 * <p>Updated and read under the {@link Interruption}'s monitor, by the loading thread and the
 * shutdown hook.
 */
final class LoadPosition
{
    /**
     * Test seam, never set in production: told the entries of the dump committed each time one of
     * load's commits has returned, before the next begins, so that a power-loss test knows what load
     * had acknowledged at each point of its file log. Does nothing unless a test sets it.
     */
    static volatile LongConsumer commitSeam = entries -> { };

    private final Path dir;
    private final Path file;
    private KeyFormat format = KeyFormat.TEXT;
    private long committed;
    private long txnId = -1;
    private byte[] lastKey;

    /**
     * @param dir  the store directory.
     * @param file the dump, or null for standard input.
     */
    LoadPosition(final Path dir, final Path file)
    {
        this.dir = dir;
        this.file = file;
    }

    /**
     * @param format the dump's encoding, in which the last key is reported.
     */
    void loading(final KeyFormat format)
    {
        this.format = format;
    }

    /**
     * @param entries entries of the dump read and committed (or skipped) so far.
     * @param txnId   the txn just committed.
     * @param lastKey the last key it put, or null if it put none.
     */
    void committed(final long entries, final long txnId, final byte[] lastKey)
    {
        this.committed = entries;
        this.txnId = txnId;
        if (lastKey != null)
        {
            this.lastKey = lastKey;
        }
        commitSeam.accept(entries);
    }

    /**
     * @return one line: what is committed, and the command that resumes.
     */
    String report()
    {
        if (txnId < 0)
        {
            return "interrupted before the first commit: nothing was written to " + dir;
        }
        final String source = file == null ? "standard input" : file.toString();
        final String resume = "pagekv load " + dir + (file == null ? "" : " " + file) + " --skip " + committed;
        return "interrupted: the first " + committed + " entries of " + source + " are committed in " + dir + " (txn " + txnId +
            (lastKey == null ? "" : ", last key '" + format.encode(lastKey) + "'") + "); to resume: " +
            (file == null ? "feed the same dump to '" + resume + "'" : resume);
    }
}
