package io.pagekv.crash;

/**
 * The battery's scale and seed, from system properties, so that the same tests run short in
 * {@code mvn verify} and long in the {@code crash-long} profile:
 *
 * <pre>
 *   pagekv.crash.seed      master seed (default: random, printed)
 *   pagekv.crash.kills     SIGKILLs of the kill loop                      (default 50)
 *   pagekv.crash.images    power-loss images opened                       (default 1500)
 *   pagekv.crash.faults    injected I/O-error cases                       (default 240)
 *   pagekv.crash.hostile   random corruptions of a store                  (default 300)
 *   pagekv.crash.seconds   duration of the concurrency battery, seconds   (default 6)
 *   pagekv.crash.copies    kills during backups and offline compactions   (default 16)
 * </pre>
 */
final class CrashSettings
{
    private CrashSettings()
    {
    }

    static long seed()
    {
        final String value = System.getProperty("pagekv.crash.seed", "");
        return value.isBlank() ? System.nanoTime() ^ 0x9E3779B97F4A7C15L : Long.decode(value.trim());
    }

    static int kills()
    {
        return intProperty("pagekv.crash.kills", 50);
    }

    static int images()
    {
        return intProperty("pagekv.crash.images", 1500);
    }

    static int faults()
    {
        return intProperty("pagekv.crash.faults", 240);
    }

    static int hostile()
    {
        return intProperty("pagekv.crash.hostile", 300);
    }

    static int copies()
    {
        return intProperty("pagekv.crash.copies", 16);
    }

    static int seconds()
    {
        return intProperty("pagekv.crash.seconds", 6);
    }

    private static int intProperty(final String name, final int fallback)
    {
        final String value = System.getProperty(name, "");
        return value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    /**
     * @param battery the battery's name.
     * @param seed    its seed.
     * @return the line that tells how to replay a failure.
     */
    static String replay(final String battery, final long seed)
    {
        return "[" + battery + "] replay with -Dpagekv.crash.seed=" + seed;
    }
}
