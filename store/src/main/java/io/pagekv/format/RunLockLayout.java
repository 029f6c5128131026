package io.pagekv.format;

/**
 * The {@code runlocks} file: one lock per stripe of patchable runs, shared by every process that
 * patches or counts in place (the writer and read-only processes alike), mapped read-write by
 * each. A run's stripe is {@code hash(run id) mod STRIPES}; whoever writes to a patchable run,
 * or checks its checksum, holds its stripe's lock, so the bytes and the run's checksum change
 * together as seen by everyone else. Created on first use, zero-filled.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |          stripe 0: pid of the holder, 0 when free             |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |         run id the holder is changing (kept after release)    |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |   page id of the patch record whose bytes the writer is       |  16
 *  |   writing in place, 0 when none (kept if the writer dies)     |
 *  +---------------------------------------------------------------+
 *  |                  reserved, zero to byte 64                    |  24
 *  +---------------------------------------------------------------+
 *  |                  stripe 1 at byte 64 ...                      |  64
 *  ~                                                               ~
 *  +---------------------------------------------------------------+
 *  |     registry of changed runs: u64 run ids, 0 = free slot      |  65536
 *  ~                                                               ~
 *  +---------------------------------------------------------------+
 *  |   changers: u64 holder tokens of processes that changed runs  |  131072
 *  ~                     since they opened, 0 = free               ~
 * </pre>
 *
 * A holder token is {@code pid << 32 | (process start time in epoch seconds & 0xFFFFFFFF)}, so
 * that a pid reused after a reboot does not look like the process that held a stripe before.
 *
 * A process that changes runs in place puts its token in the table of changers (forced) before
 * its first change and takes it out (forced) when it closes, after forcing what it changed. A
 * token of a process that no longer runs therefore means it stopped uncleanly (killed, or the
 * machine lost power): only then does the writer reseal the registered runs at open.
 *
 * The registry lists every run that was ever changed in place (open addressing on the same hash
 * as the stripes); a process adds a run and forces the file before its first change of it, so
 * that after a power loss the writer knows which runs' pages the disk may hold half-updated.
 *
 * A holder that died holding a stripe (its pid no longer runs) may have left the run's checksum
 * behind its bytes; whoever takes the stripe over recomputes that run's checksum first.
 *
 * The writer names, in the stripe, the patch record whose bytes it writes in place while it
 * writes them, and clears it when they and the checksum are written. A record still named
 * there was cut by the writer's death (or a failed write): the next writable open writes its
 * bytes again, so the patch is wholly there (docs/durability.md, decision 62).
 */
public final class RunLockLayout
{
    /** Stripes in the file. */
    public static final int STRIPES = 1024;
    /** Bytes per stripe: one cache line, so that stripes do not share one. */
    public static final int STRIPE_LENGTH = 64;
    /** Offset in a stripe of the u64 pid of the holder. */
    public static final int OWNER_OFFSET = 0;
    /** Offset in a stripe of the u64 id of the run the holder changes. */
    public static final int RUN_OFFSET = 8;
    /** Offset in a stripe of the u64 page id of the patch record being written in place, 0 when none. */
    public static final int RECORD_OFFSET = 16;
    /** Offset of the registry of changed runs. */
    public static final int REGISTRY_OFFSET = STRIPES * STRIPE_LENGTH;
    /** Slots in the registry. */
    public static final int REGISTRY_SLOTS = 8192;
    /** Offset of the table of changers. */
    public static final int CHANGERS_OFFSET = REGISTRY_OFFSET + REGISTRY_SLOTS * Long.BYTES;
    /** Slots in the table of changers. */
    public static final int CHANGER_SLOTS = 512;
    /** Length of the file. */
    public static final int LENGTH = CHANGERS_OFFSET + CHANGER_SLOTS * Long.BYTES;

    private RunLockLayout()
    {
    }

    /**
     * @param runId a patchable run's first page id.
     * @return the offset of its stripe in the file.
     */
    public static int stripeOffset(final long runId)
    {
        return (int)(hash(runId) % STRIPES) * STRIPE_LENGTH;
    }

    /**
     * @param runId a patchable run's first page id.
     * @return the registry slot where looking for it starts (then the next slots, wrapping).
     */
    public static int firstRegistrySlot(final long runId)
    {
        return (int)(hash(runId) % REGISTRY_SLOTS);
    }

    /**
     * @param slot a registry slot.
     * @return its offset in the file.
     */
    public static int registryOffset(final int slot)
    {
        return REGISTRY_OFFSET + slot * Long.BYTES;
    }

    private static long hash(final long runId)
    {
        long h = runId * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        return h & 0x7FFFFFFFL;
    }
}
