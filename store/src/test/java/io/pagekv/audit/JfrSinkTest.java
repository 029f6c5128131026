package io.pagekv.audit;

import io.pagekv.CompactionPolicy;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JfrSinkTest
{
    @TempDir
    Path tmp;

    @Test
    void commitsSampledWritesCompactionsAndVetoesAreRecorded() throws Exception
    {
        final Path file = tmp.resolve("audit.jfr");
        try (Recording recording = new Recording())
        {
            recording.enable("pagekv.Commit");
            recording.enable("pagekv.Operation");
            recording.enable("pagekv.Veto");
            recording.enable("pagekv.Write");
            recording.start();
            try (Store store = Store.open(tmp.resolve("s"), StoreOptions.defaults().withCompaction(CompactionPolicy.off())))
            {
                store.addAuditHook(AuditSinks.jfr(10));
                store.addAuditHook(event ->
                {
                    if (event.key() != null && event.key()[0] == 'x')
                    {
                        throw new SecurityException("no x");
                    }
                });
                try (AuditContext.Scope scope = AuditContext.of("gina", "jfr-1").open())
                {
                    for (int i = 0; i < 100; i++)
                    {
                        store.put(("k" + i).getBytes(StandardCharsets.UTF_8), new byte[8]);
                    }
                    assertThrows(AuditVetoException.class, () -> store.put("x".getBytes(StandardCharsets.UTF_8), new byte[1]));
                    store.compact();
                }
            }
            recording.stop();
            recording.dump(file);
        }
        final List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        final List<RecordedEvent> commits = events.stream().filter(e -> e.getEventType().getName().equals("pagekv.Commit")).collect(Collectors.toList());
        final List<RecordedEvent> writes = events.stream().filter(e -> e.getEventType().getName().equals("pagekv.Write")).collect(Collectors.toList());
        final List<RecordedEvent> vetoes = events.stream().filter(e -> e.getEventType().getName().equals("pagekv.Veto")).collect(Collectors.toList());
        final List<String> operations = events.stream().filter(e -> e.getEventType().getName().equals("pagekv.Operation"))
            .map(e -> e.getString("kind")).collect(Collectors.toList());
        assertTrue(commits.size() >= 100, "a commit event per commit: " + commits.size());
        final RecordedEvent first = commits.stream().filter(e -> e.getLong("txnId") == 1).findFirst().orElseThrow();
        assertEquals(1, first.getInt("puts"));
        assertEquals("gina", first.getString("principal"));
        assertTrue(first.getBoolean("committed"));
        assertEquals(10, writes.size(), "one put in ten sampled");
        assertEquals("jfr-1", writes.get(0).getString("requestId"));
        assertEquals(1, vetoes.size());
        assertEquals("no x", vetoes.get(0).getString("reason"));
        assertEquals("PUT", vetoes.get(0).getString("kind"));
        assertTrue(operations.contains("COMPACTION") && operations.contains("CLOSE"), operations.toString());
    }
}
