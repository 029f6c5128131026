package io.pagekv.cli;

import io.pagekv.CompactionPolicy;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.WriteTxn;
import io.pagekv.format.PageAddress;
import io.pagekv.format.SuperblockLayout;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code pagekv recover} and {@code --damage-policy}: a store whose checkpointed commit record
 * is damaged is refused by every read command (exit 3), read at its last good commit when the
 * operator asks, and salvaged into a new store; an undamaged store recovers completely (exit 0).
 */
class RecoverCommandTest
{
    private static final int COMMITS = 30;

    @TempDir
    Path tmp;

    private Path dir;

    @BeforeEach
    void createStore()
    {
        dir = tmp.resolve("store");
        try (Store store = Store.open(dir, StoreOptions.defaults().withSegmentSize(64 << 10).withCompaction(CompactionPolicy.off())))
        {
            for (int c = 1; c <= COMMITS; c++)
            {
                try (WriteTxn txn = store.beginWrite())
                {
                    final byte[] value = new byte[2000];
                    Arrays.fill(value, (byte)c);
                    txn.put(SampleStores.bytes(String.format("k%03d", c)), value);
                    txn.put(SampleStores.bytes("last"), SampleStores.bytes(Integer.toString(c)));
                    txn.commit();
                }
            }
        }
    }

    @Test
    void undamagedStoreRecoversCompletely() throws IOException
    {
        final Path target = tmp.resolve("copy");
        final Cli.Result result = Cli.run("recover", dir.toString(), target.toString());
        assertEquals(ExitCodes.OK, result.status(), result.err());
        assertTrue(result.text().contains("entries      " + (COMMITS + 1)), result.text());
        try (Store store = Store.openReadOnly(target))
        {
            assertEquals(Integer.toString(COMMITS), new String(store.get(SampleStores.bytes("last"))));
        }
    }

    @Test
    void damagedHistoryIsRefusedReadAtLastGoodAndRecoveredWhole() throws IOException
    {
        flipCheckpointedRecord();
        for (final String command : new String[]{"info", "verify", "dump"})
        {
            final Cli.Result refused = Cli.run(command, dir.toString());
            assertEquals(ExitCodes.CORRUPT, refused.status(), command + ": " + refused.err());
        }
        final Cli.Result get = Cli.run("get", dir.toString(), "last");
        assertEquals(ExitCodes.CORRUPT, get.status());
        assertTrue(get.err().contains("Nothing was changed"), get.err());
        final byte[] segmentBefore = Files.readAllBytes(dir.resolve("seg-000000"));
        final byte[] metaBefore = Files.readAllBytes(dir.resolve("meta"));
        final Cli.Result put = Cli.run("put", dir.toString(), "new", "value");
        assertEquals(ExitCodes.CORRUPT, put.status(), "a write must not build on damaged history and erase the evidence");
        assertTrue(Arrays.equals(segmentBefore, Files.readAllBytes(dir.resolve("seg-000000"))) &&
            Arrays.equals(metaBefore, Files.readAllBytes(dir.resolve("meta"))), "the refused put changed the files");

        final Cli.Result atLastGood = Cli.run("get", dir.toString(), "last", "--damage-policy", "open-read-only-at-last-good");
        assertEquals(ExitCodes.OK, atLastGood.status(), atLastGood.err());
        assertEquals((COMMITS - 1) + "\n", atLastGood.text());
        final Cli.Result scan = Cli.run("scan", dir.toString(), "--damage-policy", "open-read-only-at-last-good", "-k");
        assertEquals(ExitCodes.OK, scan.status(), scan.err());
        assertEquals(COMMITS, scan.text().lines().count());
        final Cli.Result verify = Cli.run("verify", dir.toString(), "--damage-policy", "open-read-only-at-last-good");
        assertEquals(ExitCodes.CORRUPT, verify.status(), "the damage stays in verify's report");

        final Path target = tmp.resolve("rescued");
        final Cli.Result recover = Cli.run("recover", dir.toString(), target.toString(), "--json");
        assertEquals(ExitCodes.CORRUPT, recover.status(), recover.err());
        assertTrue(recover.text().contains("\"complete\": false,"), recover.text());
        // The base is txn 29; txn 30's leaves are intact (the superblock proves it committed), so
        // the whole newest state comes back.
        assertTrue(recover.text().contains("\"entriesWritten\": " + (COMMITS + 1) + ","), recover.text());
        assertTrue(recover.text().contains("\"baseTxn\": " + (COMMITS - 1) + ","), recover.text());
        assertTrue(recover.text().contains("\"txnId\": " + COMMITS + ",\n      \"base\": false"), recover.text());
        try (Store store = Store.openReadOnly(target))
        {
            assertEquals(Integer.toString(COMMITS), new String(store.get(SampleStores.bytes("last"))));
            assertTrue(store.verify().isClean());
        }
    }

    @Test
    void unknownDamagePolicyIsAUsageError()
    {
        final Cli.Result result = Cli.run("get", dir.toString(), "last", "--damage-policy", "truncate-to-last-good");
        assertEquals(ExitCodes.USAGE, result.status());
        assertTrue(result.err().contains("not a damage policy for a read command"), result.err());
    }

    @Test
    void recoverIntoANonEmptyDirectoryIsRefused() throws IOException
    {
        final Path target = tmp.resolve("occupied");
        Files.createDirectories(target);
        Files.writeString(target.resolve("notes.txt"), "keep");
        final Cli.Result result = Cli.run("recover", dir.toString(), target.toString());
        assertTrue(result.status() != ExitCodes.OK);
        assertEquals("keep", Files.readString(target.resolve("notes.txt")));
    }

    private void flipCheckpointedRecord() throws IOException
    {
        final byte[] meta = Files.readAllBytes(dir.resolve("meta"));
        long newestSequence = -1;
        long record = -1;
        for (int slot = 0; slot < SuperblockLayout.SLOT_COUNT; slot++)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(meta, slot * SuperblockLayout.SLOT_LENGTH, SuperblockLayout.SLOT_LENGTH);
            if (SuperblockLayout.sequence(buffer) > newestSequence)
            {
                newestSequence = SuperblockLayout.sequence(buffer);
                record = SuperblockLayout.commitPage(buffer);
            }
        }
        final Path segment = dir.resolve(String.format("seg-%06d", PageAddress.segment(record)));
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw"))
        {
            final long at = (long)PageAddress.pageIndex(record) * 4096 + 100;
            file.seek(at);
            final int b = file.read();
            file.seek(at);
            file.write(b ^ 1);
        }
    }
}
