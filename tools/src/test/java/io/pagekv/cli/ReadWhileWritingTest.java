package io.pagekv.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Read commands work on a store another process is writing, without disturbing it; write
 * commands are refused with the writer's pid.
 */
class ReadWhileWritingTest
{
    @TempDir
    Path dir;

    @Test
    void readCommandsWorkWhileAnotherProcessWrites() throws Exception
    {
        try (ChildWriter writer = new ChildWriter(dir))
        {
            final Cli.Result put = Cli.run("put", dir.toString(), "k", "v");
            assertEquals(ExitCodes.LOCKED, put.status(), put::toString);
            assertTrue(put.errLine().startsWith("pagekv: store " + dir + " is locked for writing by process " + writer.pid()), put::toString);

            long lastCount = 0;
            for (int round = 0; round < 5; round++)
            {
                for (final String command : new String[]{"info", "verify", "stats"})
                {
                    final Cli.Result result = Cli.run(command, dir.toString());
                    assertEquals(ExitCodes.OK, result.status(), result::toString);
                }
                final String info = Cli.run("info", dir.toString(), "--json").text();
                assertTrue(info.contains("\"spaceAmplification\": ") && info.contains("\"source\": \"scan\""), info);
                final Cli.Result dump = Cli.run("dump", dir.toString(), "--format", "hex");
                assertEquals(ExitCodes.OK, dump.status(), dump::toString);
                final String[] lines = dump.text().split("\n");
                final long entries = lines.length - 2;
                assertEquals("end " + entries, lines[lines.length - 1], "a whole snapshot");
                assertTrue(entries >= lastCount, "snapshots move forward");
                lastCount = entries;
                assertEquals(ExitCodes.OK, Cli.run("get", dir.toString(), "w00000999").status());
            }
            assertTrue(writer.stop().startsWith("clean "), "the writer's own verify after the reads");
        }
        assertEquals(ExitCodes.OK, Cli.run("verify", dir.toString()).status());
    }
}
