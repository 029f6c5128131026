package io.pagekv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The writer lock holds across processes, names its holder, and dies with it.
 */
class TwoProcessLockTest
{
    @TempDir
    Path dir;

    static Process startHolder(final Path dir) throws IOException
    {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, AgronaAccess.FLAG.split(" ")[0], AgronaAccess.FLAG.split(" ")[1],
            "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), dir.toString()))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    }

    @Test
    void secondProcessIsRefusedUntilTheHolderDies() throws Exception
    {
        final Process child = startHolder(dir);
        try
        {
            final BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            final String line = out.readLine();
            assertEquals("locked " + child.pid(), line);
            final StoreLockedException ex = assertThrows(StoreLockedException.class, () -> Store.open(dir));
            assertEquals(child.pid(), ex.holderPid());
            assertTrue(ex.getMessage().contains("process " + child.pid()), ex.getMessage());
            try (Store reader = Store.openReadOnly(dir))
            {
                assertArrayEquals("was here".getBytes(), reader.get("child".getBytes()));
            }
        }
        finally
        {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        try (Store store = Store.open(dir))
        {
            assertArrayEquals("was here".getBytes(), store.get("child".getBytes()));
            store.put("parent".getBytes(), "too".getBytes());
            TestStores.assertClean(store);
        }
    }
}
