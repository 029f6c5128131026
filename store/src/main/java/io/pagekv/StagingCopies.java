package io.pagekv;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The temporary directories that whole-store copies ({@code Store.backup}, and the copy of an
 * offline compaction) are written in: {@code TARGET.backup-PID-RANDOM} beside the target, renamed
 * to it once whole and forced. A process that stops before the rename leaves its directory
 * behind; it never carries a store's name, so nothing opens it by mistake, and the next copy to
 * the same target deletes it once its process is gone. A directory of a process that still runs
 * (or of one whose id a new process took) is left alone, as is one named without a process id.
 */
final class StagingCopies
{
    private static final System.Logger LOGGER = System.getLogger(StagingCopies.class.getName());
    /** Between the target's name and the staging directory's process id. */
    static final String INFIX = ".backup-";

    private StagingCopies()
    {
    }

    /**
     * @param target the copy's target, absolute.
     * @return a new staging directory's path beside it, named for this process; not created.
     */
    static Path stagingFor(final Path target)
    {
        return target.resolveSibling(target.getFileName() + INFIX + ProcessHandle.current().pid() + "-" +
            Long.toHexString(new SecureRandom().nextLong() >>> 1));
    }

    /**
     * Deletes the staging directories of earlier copies to {@code target} whose process is gone.
     * A failure is logged: it never stops the copy that asks.
     *
     * @param target the copy's target, absolute.
     * @return how many were deleted.
     */
    static int deleteAbandoned(final Path target)
    {
        final String prefix = target.getFileName() + INFIX;
        int deleted = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(target.getParent(),
            entry -> entry.getFileName().toString().startsWith(prefix)))
        {
            for (final Path entry : entries)
            {
                final long owner = ownerOf(entry.getFileName().toString().substring(prefix.length()));
                if (owner > 0 && !ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false) && delete(entry, owner))
                {
                    deleted++;
                }
            }
        }
        catch (final IOException ex)
        {
            LOGGER.log(System.Logger.Level.WARNING, "cannot look for abandoned copies beside " + target + ": " + ex, ex);
        }
        return deleted;
    }

    /** @return the process id a staging directory's name carries after the infix ({@code PID-RANDOM}), or -1. */
    private static long ownerOf(final String suffix)
    {
        final int dash = suffix.indexOf('-');
        if (dash <= 0 || dash > 19 || dash == suffix.length() - 1)
        {
            return -1;
        }
        for (int i = 0; i < dash; i++)
        {
            if (!Character.isDigit(suffix.charAt(i)))
            {
                return -1;
            }
        }
        try
        {
            return Long.parseLong(suffix.substring(0, dash));
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    private static boolean delete(final Path entry, final long owner)
    {
        try
        {
            DirectorySwap.deleteTree(entry);
            LOGGER.log(System.Logger.Level.INFO, "deleted " + entry + ", the unfinished copy of process " + owner + ", which is gone");
            return true;
        }
        catch (final IOException ex)
        {
            LOGGER.log(System.Logger.Level.WARNING, "cannot delete " + entry + ", the unfinished copy of process " + owner +
                ", which is gone: " + ex, ex);
            return false;
        }
    }
}
