package io.pagekv.crash;

import io.pagekv.Store;
import io.pagekv.TestStores;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The kill loop with patches in flight: a child JVM patches one value as fast as it can and is
 * killed with SIGKILL at a random moment, again and again on the same store. After each kill the
 * store opens and verifies clean, every acknowledged patch is there, and the value is the value
 * after exactly the acknowledged patches or after one more (the one in flight), never a torn mix.
 */
@Tag("crash")
class PatchKillLoopTest
{
    private static final int KILLS = 6;

    @TempDir
    Path tmp;

    @Test
    void everyAcknowledgedPatchSurvivesAKillAndNoneIsTorn()
    {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        final Path dir = tmp.resolve("store");
        byte[] value = new byte[PatchKillChild.VALUE_LENGTH];
        try (Store store = Store.open(dir))
        {
            store.putPatchable(PatchKillChild.KEY, value);
        }
        long next = 1;
        for (int kill = 0; kill < KILLS; kill++)
        {
            long acked = next - 1;
            try (ChildJvm child = ChildJvm.start(PatchKillChild.class, tmp.resolve("child" + kill), dir.toString(), Long.toString(next)))
            {
                final long target = next + 5 + random.nextInt(150);
                while (acked < target)
                {
                    final String line = child.nextLine(60_000);
                    if (line == null)
                    {
                        fail("seed " + seed + ": the child stopped: " + child.stderr());
                    }
                    acked = Long.parseLong(line.substring("ack ".length()));
                }
                child.kill();
                for (String line = child.nextLine(0); line != null; line = child.nextLine(0))
                {
                    acked = Long.parseLong(line.substring("ack ".length()));
                }
            }
            final byte[] afterAcked = value.clone();
            for (long n = next; n <= acked; n++)
            {
                PatchKillChild.apply(afterAcked, n);
            }
            final byte[] afterOneMore = afterAcked.clone();
            PatchKillChild.apply(afterOneMore, acked + 1);
            try (Store store = Store.open(dir))
            {
                TestStores.assertClean(store);
                final byte[] found = store.get(PatchKillChild.KEY);
                if (Arrays.equals(found, afterAcked))
                {
                    next = acked + 1;
                    value = afterAcked;
                }
                else
                {
                    assertTrue(Arrays.equals(found, afterOneMore), "seed " + seed + ", kill " + kill + ": after ack " + acked +
                        " the value is neither the acknowledged state nor the one after the patch in flight");
                    next = acked + 2;
                    value = afterOneMore;
                }
                assertEquals(PatchKillChild.VALUE_LENGTH, found.length);
            }
        }
    }
}
