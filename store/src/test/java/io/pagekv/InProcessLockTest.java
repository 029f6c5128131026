package io.pagekv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The writer lock is a POSIX record lock, which the operating system drops when its process
 * closes any descriptor of the lock file. A read-only store opened and closed beside the writer in
 * the same process, or a second writable open that is refused, must not drop it: another process
 * is still refused afterwards.
 */
class InProcessLockTest
{
    @TempDir
    Path dir;

    @Test
    void readersAndRefusedOpensInTheWritersProcessKeepTheLock() throws Exception
    {
        try (Store writer = Store.open(dir))
        {
            writer.put("k".getBytes(StandardCharsets.US_ASCII), "v".getBytes(StandardCharsets.US_ASCII));
            try (Store reader = Store.openReadOnly(dir))
            {
                assertTrue(WriterLockInfo.of(reader).held(), "the reader sees the writer's lock");
            }
            assertThrows(StoreLockedException.class, () -> Store.open(dir).close());
            final Process child = TwoProcessLockTest.startHolder(dir);
            try
            {
                final BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                assertNull(out.readLine(), "another process took the writer lock while this one still writes");
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                assertNotEquals(0, child.exitValue());
            }
            finally
            {
                child.destroyForcibly();
            }
            writer.put("k2".getBytes(StandardCharsets.US_ASCII), "v2".getBytes(StandardCharsets.US_ASCII));
            TestStores.assertClean(writer);
        }
    }
}
