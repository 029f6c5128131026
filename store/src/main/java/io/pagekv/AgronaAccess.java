package io.pagekv;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Agrona 2.x reaches {@code jdk.internal.misc.Unsafe}; without
 * {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED} its first buffer dies with an
 * {@link IllegalAccessError}. Checked once, before a store touches any buffer, so the user
 * gets a message that names the flag instead.
 */
final class AgronaAccess
{
    static final String FLAG = "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED";
    private static volatile boolean checked;

    private AgronaAccess()
    {
    }

    static void check()
    {
        if (checked)
        {
            return;
        }
        try
        {
            new UnsafeBuffer(new byte[8]).putLong(0, 1L);
            checked = true;
        }
        catch (final LinkageError ex)
        {
            throw new StoreException("pagekv needs access to jdk.internal.misc for Agrona: start the JVM with " + FLAG +
                " (as a module: --add-exports java.base/jdk.internal.misc=org.agrona), or put " +
                "'Add-Exports: java.base/jdk.internal.misc' in the manifest of an executable jar", ex);
        }
    }
}
