package io.pagekv.ipc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * This boot of the machine, as Linux names it ({@code /proc/sys/kernel/random/boot_id}: a random
 * UUID drawn at every boot). Bytes a process wrote to a file, by {@code write} or through a
 * shared mapping, stay in the page cache until the machine stops, so after a process crash in the
 * same boot none is lost; after a power loss or a kernel crash (a new boot) any not yet on the
 * disk may be. A writer records the boot it took the lock in, and the next writer compares it
 * with its own to tell the two apart (decision 62). Where there is no boot id (not Linux) every
 * stop counts as a power loss, which errs on the safe side.
 */
public final class BootId
{
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
    private static final UUID CURRENT = read();

    private BootId()
    {
    }

    /**
     * @return this boot's id, or null where the system gives none.
     */
    public static UUID current()
    {
        return CURRENT;
    }

    private static UUID read()
    {
        try
        {
            return UUID.fromString(new String(Files.readAllBytes(BOOT_ID), StandardCharsets.US_ASCII).trim());
        }
        catch (final IOException | IllegalArgumentException | SecurityException ex)
        {
            return null;
        }
    }
}
