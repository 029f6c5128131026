package io.pagekv.crash;

import io.pagekv.audit.AuditTailReader;

import java.nio.file.Path;

/**
 * Follows a store's live audit tail from another process: prints {@code ready}, then one line per
 * record ({@code <receive time ms> <record line>}) until it has printed {@code args[1]} records.
 */
public final class AuditTailChild
{
    private AuditTailChild()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final int wanted = Integer.parseInt(args[1]);
        try (AuditTailReader reader = AuditTailReader.open(Path.of(args[0])))
        {
            System.out.println("ready");
            System.out.flush();
            int seen = 0;
            while (seen < wanted)
            {
                seen += reader.poll(record ->
                {
                    System.out.println(System.currentTimeMillis() + " " + record.toLine());
                    System.out.flush();
                });
                Thread.sleep(1);
            }
        }
    }
}
