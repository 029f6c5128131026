package io.pagekv.crash;

import io.pagekv.ExportRefusedException;
import io.pagekv.SharedExport;
import io.pagekv.Store;
import io.pagekv.export.ExportDescriptor;
import io.pagekv.export.ShmObjects;
import io.pagekv.ipc.ProcessIdentity;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exports and live counters between processes: a second JVM attaches exports and watches
 * counters move while this one commits; a writer killed while holding exports leaves objects
 * that the next writer open removes (and only those of its store), and pins that no longer hold
 * compaction back.
 */
@Tag("crash")
class ExportProcessesTest
{
    @TempDir
    Path tmp;

    @Test
    void aSecondJvmAttachesExportsAndSeesCountersMoveWhileTheWriterCommits() throws Exception
    {
        final Path dir = tmp.resolve("store");
        try (Store store = Store.open(dir, ExportChild.OPTIONS))
        {
            store.put(Workload.key(1), Workload.longBytes(1));
            store.put(Workload.key(2), new byte[300_000]);
            try (SharedExport small = store.export(Workload.key(1)); SharedExport big = store.export(Workload.key(2)))
            {
                try (ChildJvm child = ChildJvm.start(ExportChild.class, tmp.resolve("attach"), dir.toString(), "attach", "40",
                    small.descriptor(), big.descriptor()))
                {
                    final List<String> lines = new ArrayList<>();
                    for (int i = 0; child.isAlive() || i == 0; i++)
                    {
                        store.put(Workload.key(100 + i % 20), Workload.longBytes(i));
                        Thread.sleep(2);
                        String line;
                        while ((line = child.nextLine(0)) != null)
                        {
                            lines.add(line);
                        }
                    }
                    lines.addAll(child.drain());
                    assertEquals(0, child.waitFor(), child.stderr());
                    assertEquals("attached 8 " + String.format("%08x", small.crc32c()), lines.get(0), lines.toString());
                    assertEquals("attached 300000 " + String.format("%08x", big.crc32c()), lines.get(1), lines.toString());
                    final List<Long> commits = lines.stream().filter(l -> l.startsWith("commits ")).map(l -> Long.parseLong(l.substring(8))).toList();
                    assertEquals(40, commits.size(), lines.toString());
                    for (int i = 1; i < commits.size(); i++)
                    {
                        assertTrue(commits.get(i) >= commits.get(i - 1), "counters went back: " + commits);
                    }
                    assertTrue(commits.get(commits.size() - 1) > commits.get(0) + 10, "counters did not move: " + commits);
                }
            }
        }
    }

    @Test
    void aWriterKilledHoldingExportsLeavesNothingAfterTheNextOpenAndNothingOfAnotherStoreIsTouched() throws Exception
    {
        final Path dir = tmp.resolve("store");
        final List<ExportDescriptor> exports = new ArrayList<>();
        final long childPid;
        try (ChildJvm child = ChildJvm.start(ExportChild.class, tmp.resolve("writer"), dir.toString(), "writer"))
        {
            String line;
            while (!"ready".equals(line = child.nextLine(60_000)))
            {
                assertNotNull(line, "the writer ended early: " + child.stderr());
                exports.add(ExportDescriptor.parse(line.substring("export ".length())));
            }
            childPid = child.pid();
            Thread.sleep(100);
            child.kill();
        }
        assertEquals(3, exports.size());
        final long storeId = exports.get(0).storeId();
        final List<Path> objects = exports.stream().filter(e -> e.route().equals(ExportDescriptor.SHM))
            .map(e -> Path.of(e.file())).toList();
        assertEquals(2, objects.size());
        for (final Path object : objects)
        {
            assertTrue(Files.exists(object), "the kill already removed " + object);
            assertTrue(object.getFileName().toString().contains("-" + childPid + "-"), object.toString());
        }
        final Path otherStore = ShmObjects.DIR.resolve(ShmObjects.name(storeId ^ 0x5555, new ProcessIdentity(childPid, 1), 1));
        final Path liveProcess = ShmObjects.DIR.resolve(ShmObjects.name(storeId, ProcessIdentity.current(), 777_777));
        Files.write(otherStore, new byte[] {1});
        Files.write(liveProcess, new byte[] {2});
        try
        {
            final ExportDescriptor mapped = exports.stream().filter(e -> e.route().equals(ExportDescriptor.MAPPED)).findFirst().orElseThrow();
            final Path pinned = Path.of(mapped.file());
            try (Store store = Store.open(dir, ExportChild.OPTIONS))
            {
                for (final Path object : objects)
                {
                    assertFalse(Files.exists(object), "the next open left " + object + " of the dead writer");
                }
                assertTrue(Files.exists(otherStore), "the open removed an object of another store");
                assertTrue(Files.exists(liveProcess), "the open removed an object of a live process");
                assertThrows(ExportRefusedException.class, () -> SharedExport.attach(exports.get(0).toJson()));

                for (int i = 0; i < 20; i++)
                {
                    store.put(Workload.key(2), new byte[200_000 + i]);
                }
                for (int i = 0; i < 200; i++)
                {
                    store.delete(Workload.key(100 + i % 50));
                }
                store.compact();
                assertFalse(Files.exists(pinned), "the dead writer's mapped export still holds " + pinned);
            }
        }
        finally
        {
            Files.deleteIfExists(otherStore);
            Files.deleteIfExists(liveProcess);
        }
    }
}
