package io.pagekv.txn;

import io.pagekv.btree.WriteTree;
import io.pagekv.io.FileIO;
import io.pagekv.ipc.StoreCounters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Whatever path leads there, a transaction built on a commit that is no longer the head is never
 * appended: it would drop every commit made since its base.
 */
class CommitterTest
{
    @TempDir
    Path dir;

    @Test
    void aTreeBuiltOnAnOlderHeadIsRefusedAndNothingIsWritten() throws Exception
    {
        try (Engine engine = Engine.openWritable(dir, FileIO.jdk(), 4096, 64 << 10, 0, OnDamage.REFUSE))
        {
            final Committer committer = new Committer(engine, false, 1L << 30, StoreCounters.inProcess());
            final CommitState base = engine.head();
            final WriteTree first = new WriteTree(engine.pages(), base.root(), base.depth(), base.entryCount());
            final WriteTree stale = new WriteTree(engine.pages(), base.root(), base.depth(), base.entryCount());
            first.put("a".getBytes(StandardCharsets.UTF_8), "1".getBytes(StandardCharsets.UTF_8));
            stale.put("b".getBytes(StandardCharsets.UTF_8), "2".getBytes(StandardCharsets.UTF_8));
            final CommitState committed = committer.commit(first, base.txnId() + 1);
            final IllegalStateException refused = assertThrows(IllegalStateException.class, () -> committer.commit(stale, base.txnId() + 1));
            assertEquals(committed, engine.head(), "the refused commit changed nothing: " + refused.getMessage());
            engine.checkpoint();
        }
    }
}
