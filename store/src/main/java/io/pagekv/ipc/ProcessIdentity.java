package io.pagekv.ipc;

import java.time.Instant;

/**
 * A process as the reader table names it: its pid and the time it started, so that a slot whose
 * pid the operating system gave to a new process is not taken for the old one's.
 *
 * @param pid       the process id.
 * @param startedAt when it started, epoch ms; 0 when the platform does not say.
 */
public record ProcessIdentity(long pid, long startedAt)
{
    /**
     * @return this process; read once per JVM (its start time costs reads of {@code /proc} and of
     * the user database), then kept.
     */
    public static ProcessIdentity current()
    {
        return Self.IDENTITY;
    }

    /** Holds this process's identity, read at first use. */
    private static final class Self
    {
        static final ProcessIdentity IDENTITY = read();

        private static ProcessIdentity read()
        {
            final ProcessHandle self = ProcessHandle.current();
            return new ProcessIdentity(self.pid(), startTime(self));
        }
    }

    /**
     * @return whether this process is running: its pid is alive and, when both start times are
     * known, it started when recorded.
     */
    public boolean isAlive()
    {
        return ProcessHandle.of(pid)
            .filter(ProcessHandle::isAlive)
            .map(handle -> startedAt == 0 || startTime(handle) == 0 || startTime(handle) == startedAt)
            .orElse(false);
    }

    private static long startTime(final ProcessHandle handle)
    {
        return handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }
}
