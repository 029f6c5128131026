package io.pagekv.value;

import net.jpountz.lz4.LZ4Factory;

/**
 * Which lz4-java instance pagekv compresses and inflates with: the JNI one, measured 2 to 5 times
 * faster on this project's machine (architecture decision 26), or the pure-Java safe one when
 * the JNI library cannot be loaded (it is unpacked to {@code java.io.tmpdir}, which may be
 * mounted noexec) or when the system property {@code pagekv.lz4=java} asks for it. A fallback is
 * logged once through {@link System.Logger}. Both read hostile blocks only through their
 * length-checked safe decompressor.
 */
final class Lz4Instance
{
    /** The system property choosing the instance: {@code native} (the default) or {@code java}. */
    static final String PROPERTY = "pagekv.lz4";

    static final LZ4Factory FACTORY = choose(System.getProperty(PROPERTY, "native"));

    private Lz4Instance()
    {
    }

    /**
     * @param wanted {@code java} for the pure-Java instance; anything else tries JNI first.
     * @return the instance.
     */
    static LZ4Factory choose(final String wanted)
    {
        if ("java".equals(wanted))
        {
            return LZ4Factory.safeInstance();
        }
        try
        {
            return LZ4Factory.nativeInstance();
        }
        catch (final LinkageError | RuntimeException | AssertionError ex)
        {
            System.getLogger(Lz4Instance.class.getName()).log(System.Logger.Level.WARNING,
                "pagekv: the JNI LZ4 library could not be loaded from java.io.tmpdir (" + System.getProperty("java.io.tmpdir") +
                ", noexec?): " + ex + "; using the pure-Java LZ4 instance, about 2-5x slower. Point -Djava.io.tmpdir at an " +
                "executable directory, or set -D" + PROPERTY + "=java to choose it silently.");
            return LZ4Factory.safeInstance();
        }
    }

    /**
     * @return which instance is in use, for stats: {@code native} or {@code java}.
     */
    static String name()
    {
        return FACTORY == LZ4Factory.safeInstance() ? "java" : "native";
    }
}
