package io.pagekv.crash;

import io.pagekv.Store;
import io.pagekv.StoreLockedException;

import java.nio.file.Path;

/**
 * A second process for {@link TwoProcessLockTest}. Mode {@code hold}: open the store for
 * writing, print {@code locked <pid>}, then commit now and then until killed. Mode {@code try}:
 * try to open it, print {@code opened} (and close it) or {@code refused <pid named by the
 * exception>}. Arguments: dir mode.
 */
public final class LockHolderChild
{
    private LockHolderChild()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final Path dir = Path.of(args[0]);
        if ("hold".equals(args[1]))
        {
            try (Store store = Store.open(dir))
            {
                System.out.println("locked " + ProcessHandle.current().pid());
                System.out.flush();
                for (int i = 0; ; i++)
                {
                    store.put(Workload.key(i % 100), Workload.longBytes(i));
                    Thread.sleep(20);
                }
            }
        }
        try (Store store = Store.open(dir))
        {
            System.out.println("opened");
        }
        catch (final StoreLockedException ex)
        {
            System.out.println("refused " + ex.holderPid());
        }
        System.out.flush();
    }
}
