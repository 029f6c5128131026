package io.pagekv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Without {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}, opening a store throws
 * a {@link StoreException} that names the flag, not a bare {@link IllegalAccessError}; and it
 * creates nothing.
 */
class AgronaAccessTest
{
    @TempDir
    Path dir;

    @Test
    void missingFlagIsReportedByName() throws Exception
    {
        final Path store = dir.resolve("store");
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
            OpenWithoutFlag.class.getName(), store.toString())).redirectErrorStream(true).start();
        final String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, child.waitFor());
        assertTrue(output.startsWith(StoreException.class.getName() + ": "), output);
        assertTrue(output.contains(AgronaAccess.FLAG), output);
        assertTrue(output.contains("=org.agrona"), output);
        assertFalse(Files.exists(store), "nothing is created when the flag is missing");
    }
}
