package io.pagekv;

/**
 * A read of a mapped page that the operating system could not serve (the file shrank under the
 * mapping) surfaces in the JVM as an asynchronous {@link InternalError}; this turns it into a
 * {@link CorruptStoreException} at the API boundary.
 */
final class MappedFault
{
    private MappedFault()
    {
    }

    static CorruptStoreException asCorrupt(final Store store, final InternalError error)
    {
        final CorruptStoreException ex = new CorruptStoreException(store.dir(), CorruptStoreException.UNKNOWN,
            CorruptStoreException.UNKNOWN, "a mapped page could not be read (" + error.getMessage() +
            "); a segment file was truncated or its disk failed");
        ex.initCause(error);
        return ex;
    }
}
