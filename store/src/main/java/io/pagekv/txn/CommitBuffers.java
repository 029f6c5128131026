package io.pagekv.txn;

import io.pagekv.format.OwnedDirectBuffer;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The memory a commit log assembles its transactions in ({@link CommitLog}), handed on from a
 * closed store to the next one this process opens: at most one idle buffer, of at most
 * {@link #MAX_IDLE_BYTES}, for the whole JVM.
 *
 * <p>A buffer grows with the largest transaction (doubling), and fresh memory costs a page fault
 * at the first touch of each of its pages: a fraction of a microsecond on bare metal, tens of
 * microseconds on some virtual machines, where a store that commits 40 MiB transactions paid
 * about a second for its buffer's growth. A process that opens stores one after another (a
 * loader, a test suite, a benchmark) now pays it once. A buffer handed on is zeroed first, so
 * that no byte of one store can reach another's pages; it costs a memset, not a fault a page.
 *
 * <p>The price: up to {@link #MAX_IDLE_BYTES} of direct memory stays allocated after the last
 * store closes. Thread-safe.
 */
final class CommitBuffers
{
    /** The largest buffer kept idle; a larger one is left to the garbage collector. */
    static final int MAX_IDLE_BYTES = 64 << 20;
    /** The smallest buffer allocated. */
    static final int MIN_BYTES = 64 << 10;

    private static final AtomicReference<OwnedDirectBuffer> IDLE = new AtomicReference<>();

    private CommitBuffers()
    {
    }

    /**
     * @param outgrown the buffer that is too small now (its capacity may be 0); given back.
     * @param needed   the bytes the next transaction needs.
     * @return a zeroed buffer of at least {@code needed} bytes: the idle one if it is large
     * enough, else a new one of twice the outgrown capacity or more.
     */
    static OwnedDirectBuffer grow(final OwnedDirectBuffer outgrown, final int needed)
    {
        final OwnedDirectBuffer idle = IDLE.getAndSet(null);
        if (idle != null && idle.capacity() >= needed)
        {
            giveBack(outgrown);
            idle.setMemory(0, idle.capacity(), (byte)0);
            return idle;
        }
        giveBack(idle);
        giveBack(outgrown);
        return new OwnedDirectBuffer(Math.max(Math.max(needed, MIN_BYTES), (int)Math.min(Integer.MAX_VALUE, 2L * outgrown.capacity())));
    }

    /**
     * Keeps a buffer no commit uses any more for the next {@link #grow}, if it is larger than the
     * idle one and at most {@link #MAX_IDLE_BYTES}.
     *
     * @param buffer the buffer, or null; its owner must not touch it again.
     */
    static void giveBack(final OwnedDirectBuffer buffer)
    {
        if (buffer == null || buffer.capacity() == 0 || buffer.capacity() > MAX_IDLE_BYTES)
        {
            return;
        }
        IDLE.accumulateAndGet(buffer, (idle, offered) -> idle == null || offered.capacity() > idle.capacity() ? offered : idle);
    }

    /**
     * @return the idle buffer's capacity, 0 when none waits (for tests).
     */
    static int idleCapacity()
    {
        final OwnedDirectBuffer idle = IDLE.get();
        return idle == null ? 0 : idle.capacity();
    }
}
