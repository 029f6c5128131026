package io.pagekv;

import java.nio.file.Path;

/**
 * A child process for the two-process tests: opens the store for writing, says so, writes one
 * entry, and holds the lock until its standard input closes or it is killed.
 */
public final class LockHolder
{
    private LockHolder()
    {
    }

    /**
     * @param args the store directory.
     * @throws Exception on any failure, which the parent sees as a missing "locked" line.
     */
    public static void main(final String[] args) throws Exception
    {
        try (Store store = Store.open(Path.of(args[0])))
        {
            store.put("child".getBytes(), "was here".getBytes());
            System.out.println("locked " + ProcessHandle.current().pid());
            System.out.flush();
            while (System.in.read() >= 0)
            {
                Thread.onSpinWait();
            }
        }
    }
}
