package io.pagekv.patch;

/**
 * Told of every patch and counter write, at the one place they all pass (the private
 * {@code admit} and {@code changed} of {@link InPlaceWriter}): the seam where the audit hook
 * watches (and may veto) in-place writes, and where a read cache of decoded values drops what a
 * change made stale. Installed with {@link InPlaceWriter#listen}.
 */
public interface InPlaceWriteListener
{
    /** Does nothing: the default until an audit hook or a cache is installed. */
    InPlaceWriteListener NONE = new InPlaceWriteListener()
    {
        @Override
        public void beforeChange(final InPlaceChange change, final long runId, final long offset, final int length)
        {
        }

        @Override
        public void changed(final long runId)
        {
        }
    };

    /** The kinds of in-place write. */
    enum InPlaceChange
    {
        /** {@code Store.patch}. */
        PATCH,
        /** {@code Store.addAndGet}. */
        ADD,
        /** {@code Store.compareAndSet}. */
        COMPARE_AND_SET
    }

    /**
     * Before the change, nothing written yet: throwing vetoes it and reaches the caller.
     *
     * @param change what kind of write.
     * @param runId  the value's run (its location).
     * @param offset where in the value.
     * @param length bytes written.
     */
    void beforeChange(InPlaceChange change, long runId, long offset, int length);

    /**
     * After the change: the run's bytes differ from what a cache may hold.
     *
     * @param runId the value's run (its location).
     */
    void changed(long runId);
}
