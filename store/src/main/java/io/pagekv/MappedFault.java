package io.pagekv;

/**
 * A read of a mapped page that the operating system could not serve (the file shrank under the
 * mapping) surfaces in the JVM as an asynchronous {@link InternalError}, which the API boundary
 * catches and turns into a {@link CorruptStoreException} ({@code ErrorMapper.mappedFault}). This
 * class makes a pending one surface inside that boundary.
 */
final class MappedFault
{
    private static final Object DELIVERY = new Object();

    private MappedFault()
    {
    }

    /**
     * Makes a fault of a mapped read done before this call surface here, inside the caller's
     * {@code catch (InternalError)}. In compiled code the JVM does not throw the error at the
     * faulting read: it marks it pending and throws it at a later check, which can be after the
     * caller's guarded block. On newer JDKs (tested on 25) returning from a native method is such a check, so
     * one cheap native call (not a JIT intrinsic) at the end of every guarded block settles it.
     * JDK 17 throws it only at a later safepoint, possibly in application code; nothing cheap
     * can force it there (see docs/crash-testing.md). A cursor calls this when it enters another
     * page or ends rather than at every entry, so a fault of a read within one leaf surfaces at
     * the cursor's next page change.
     */
    static void deliverPending()
    {
        Thread.holdsLock(DELIVERY);
    }
}
