package io.pagekv.crash;

import io.pagekv.Snapshot;
import io.pagekv.Store;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kill loop of {@code Store.write(WriteBatch)} (decision 66): a child JVM ({@link
 * BatchKillChild}) runs 2 to 6 threads that write batches at once, so that their batches share
 * commits and forces, and prints each acknowledged batch; this test kills it with SIGKILL at
 * random moments, reopens the store and checks, for every thread, that no acknowledged batch is
 * lost (its marker's sequence number is at least the last acknowledged one, and at most one
 * beyond it: a thread has one batch in flight), that every batch is whole (its group of keys
 * carries the marker's number), that no key holds a number beyond the marker, and that the store
 * verifies clean. Random page size, segment size, checkpoint interval, durability and compaction
 * per store, as in {@link KillLoopTest}; a fifth of its kills.
 */
@Tag("crash")
class BatchKillLoopTest
{
    static final int GROUP_SIZE = 6;
    static final int OTHER_KEYS = 40;
    private static final int KILLS_PER_STORE = 5;
    private static final int BATCHES_PER_CHILD = 2000;

    @TempDir
    Path tmp;

    @Test
    void everyAcknowledgedBatchSurvivesSigkillWhole()
    {
        final long seed = CrashSettings.seed();
        final Random random = new Random(seed);
        final int kills = Math.max(5, CrashSettings.kills() / 5);
        final Summary summary = new Summary("batch-kill-loop").set("seed", seed);
        try
        {
            int killed = 0;
            int store = 0;
            while (killed < kills)
            {
                killed += runStore(tmp.resolve("store-" + store), random, Math.min(KILLS_PER_STORE, kills - killed), summary);
                summary.add("stores", 1);
                store++;
            }
            summary.set("reopen-verify", "ok");
        }
        catch (final AssertionError | RuntimeException ex)
        {
            summary.set("reopen-verify", "FAILED");
            System.out.println(CrashSettings.replay("batch-kill-loop", seed));
            throw ex;
        }
        finally
        {
            summary.print();
        }
    }

    private int runStore(final Path dir, final Random random, final int kills, final Summary summary)
    {
        final StoreConfig config = StoreConfig.random(random);
        final int threads = 2 + random.nextInt(5);
        final long[] durable = new long[threads];
        int killed = 0;
        int round = 0;
        while (killed < kills)
        {
            final String context = "store " + dir.getFileName() + " " + config + ", " + threads + " threads, round " + round;
            final String[] args = Stream.concat(Stream.of(dir.toString(), Long.toString(random.nextLong())),
                Stream.concat(Stream.of(config.args()), Stream.of(Integer.toString(BATCHES_PER_CHILD), Integer.toString(threads))))
                .toArray(String[]::new);
            final long[] acked = durable.clone();
            final boolean wasKilled;
            try (ChildJvm child = ChildJvm.start(BatchKillChild.class, tmp.resolve("child-" + dir.getFileName() + "-" + round), args))
            {
                final String open = child.nextLine(30_000);
                assertTrue(open != null && open.startsWith("open"), () -> context + ": child did not open the store: " + child.stderr());
                KillLoopTest.sleep(random.nextInt(4) == 0 ? random.nextInt(5) : random.nextInt(150));
                wasKilled = child.isAlive();
                final int exit = child.kill();
                for (final String line : child.drain())
                {
                    if (line.startsWith("ack "))
                    {
                        final String[] parts = line.split(" ");
                        final int thread = Integer.parseInt(parts[1]);
                        acked[thread] = Math.max(acked[thread], Long.parseLong(parts[2]));
                    }
                }
                if (!wasKilled && exit != 0)
                {
                    throw new AssertionError(context + ": child failed with exit code " + exit + ": " + child.stderr());
                }
            }
            summary.add(wasKilled ? "kills" : "clean-exits", 1);
            if (wasKilled)
            {
                killed++;
            }
            try (Store store = Store.open(dir, config.options()))
            {
                assertTrue(store.verify().isClean(), () -> context + ": the reopened store does not verify clean");
                try (Snapshot snapshot = store.snapshot())
                {
                    for (int thread = 0; thread < threads; thread++)
                    {
                        final long recovered = check(snapshot, thread, acked[thread], wasKilled, context);
                        summary.add("batches-checked", acked[thread] - durable[thread]);
                        if (recovered > acked[thread])
                        {
                            summary.add("in-flight-recovered", 1);
                        }
                        durable[thread] = recovered;
                    }
                }
            }
            catch (final AssertionError ex)
            {
                throw new AssertionError(ex.getMessage() + "\n" + FailureCopy.keep(dir, "batch-kill-loop"), ex);
            }
            round++;
        }
        KillLoopTest.deleteTree(dir);
        return killed;
    }

    /** @return the thread's recovered sequence number, once its keys are checked against it. */
    private static long check(final Snapshot snapshot, final int thread, final long acked, final boolean wasKilled, final String context)
    {
        final byte[] marker = snapshot.get(marker(thread));
        final long recovered = marker == null ? 0 : tag(marker);
        assertTrue(recovered >= acked, () -> context + ": thread " + thread + " lost acknowledged batch " + acked + "; the store holds " + recovered);
        assertTrue(recovered <= acked + (wasKilled ? 1 : 0), () -> context + ": thread " + thread + " holds batch " + recovered +
            " though only " + acked + " was acknowledged" + (wasKilled ? " and one more was in flight" : " and the child exited"));
        for (int member = 0; member < GROUP_SIZE; member++)
        {
            final byte[] value = snapshot.get(groupKey(thread, member));
            final long memberTag = value == null ? 0 : tag(value);
            final int at = member;
            assertTrue(memberTag == recovered, () -> context + ": thread " + thread + "'s batch " + recovered +
                " is not whole: group member " + at + " holds batch " + memberTag);
        }
        for (int key = 0; key < OTHER_KEYS; key++)
        {
            final byte[] value = snapshot.get((thread + "/k" + key).getBytes(StandardCharsets.US_ASCII));
            final long keyTag = value == null ? 0 : tag(value);
            final int at = key;
            assertTrue(keyTag <= recovered, () -> context + ": thread " + thread + "'s key k" + at + " holds batch " + keyTag +
                ", beyond its marker's " + recovered);
        }
        return recovered;
    }

    static byte[] marker(final int thread)
    {
        return (thread + "/!seq").getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] groupKey(final int thread, final int member)
    {
        return (thread + "/g" + member).getBytes(StandardCharsets.US_ASCII);
    }

    static long tag(final byte[] value)
    {
        return ByteBuffer.wrap(value).getLong();
    }
}
