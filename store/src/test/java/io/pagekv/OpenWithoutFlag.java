package io.pagekv;

import java.nio.file.Path;

/**
 * A child process started without Agrona's JVM flag: prints what {@link Store#open} threw.
 */
public final class OpenWithoutFlag
{
    private OpenWithoutFlag()
    {
    }

    /**
     * @param args the store directory.
     */
    public static void main(final String[] args)
    {
        try (Store store = Store.open(Path.of(args[0])))
        {
            System.out.println("opened");
        }
        catch (final Throwable t)
        {
            System.out.println(t.getClass().getName() + ": " + t.getMessage());
        }
    }
}
