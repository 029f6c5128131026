package io.pagekv.crash;

import io.pagekv.Store;
import io.pagekv.WriteTxn;
import io.pagekv.audit.AuditContext;
import io.pagekv.audit.AuditHook;
import io.pagekv.audit.AuditSinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Another process follows the live tail while this one writes: it sees each committed write
 * (and nothing of an aborted transaction), in order. The delay from commit to receipt is
 * printed; it is measured, not asserted.
 */
class AuditTailProcessTest
{
    @TempDir
    Path tmp;

    @Test
    void anotherProcessSeesEveryCommittedWriteAsItHappens()
    {
        final Path dir = tmp.resolve("s");
        final int commits = 20;
        final List<Long> committedAt = new ArrayList<>();
        try (Store store = Store.open(dir))
        {
            final AuditHook tail = AuditSinks.liveTail();
            store.addAuditHook(tail);
            try (ChildJvm child = ChildJvm.start(AuditTailChild.class, tmp.resolve("tail"), dir.toString(), String.valueOf(commits * 2 + 1)))
            {
                assertEquals("ready", child.nextLine(60_000), "the tailer started");
                try (WriteTxn aborted = store.beginWrite())
                {
                    aborted.put("never".getBytes(StandardCharsets.UTF_8), new byte[1]);
                }
                for (int i = 0; i < commits; i++)
                {
                    try (AuditContext.Scope scope = AuditContext.of("tailtest", "req-" + i).open())
                    {
                        store.put(("key-" + i).getBytes(StandardCharsets.UTF_8), new byte[i]);
                    }
                    committedAt.add(System.currentTimeMillis());
                }
                store.backup(tmp.resolve("copy"));
                long worst = 0;
                for (int i = 0; i < commits; i++)
                {
                    final String put = child.nextLine(30_000);
                    final String commit = child.nextLine(30_000);
                    assertNotNull(commit, "the tailer saw commit " + i);
                    assertTrue(put.contains(" PUT txn=" + (i + 1) + " key=" + hex("key-" + i) + " value=" + i + " principal=tailtest request=req-" + i), put);
                    assertTrue(commit.contains(" COMMIT txn=" + (i + 1) + " puts=1 deletes=0"), commit);
                    worst = Math.max(worst, Long.parseLong(commit.substring(0, commit.indexOf(' '))) - committedAt.get(i));
                }
                final String backup = child.nextLine(30_000);
                assertTrue(backup.contains(" BACKUP "), backup);
                System.out.println("live tail: worst delay from commit to another process's receipt " + worst + " ms");
            }
        }
    }

    private static String hex(final String s)
    {
        return java.util.HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }
}
