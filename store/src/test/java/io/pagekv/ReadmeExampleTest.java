package io.pagekv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's library example compiles (it is {@link ReadmeExample}), runs, and is shown in
 * README.md exactly as it is here.
 */
class ReadmeExampleTest
{
    @TempDir
    Path dir;

    @Test
    void exampleRunsAndPrintsTheRemainingUser()
    {
        assertEquals("user:3=Linus\n", ReadmeExample.run(dir));
    }

    @Test
    void auditExampleRunsAndTheDeleteIsVetoed()
    {
        assertEquals("only admin deletes", ReadmeAuditExample.run(dir));
        try (Store store = Store.open(dir))
        {
            assertEquals("Ada", new String(store.get("user:1".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void patchExampleRunsAndPrintsTheCounterAndThePatch()
    {
        assertEquals("1 Welcome", ReadmePatchExample.run(dir));
    }

    @Test
    void typedExampleRunsInKeyOrderAndHitsTheCache()
    {
        assertEquals("[ada, 7] {\"item\":\"desk\",\"qty\":1}\n[ada, 42] {\"item\":\"lamp\",\"qty\":2}\n{\"item\":\"lamp\",\"qty\":2}, cache hits 1",
            ReadmeTypedExample.run(dir));
    }

    @Test
    void readmeShowsTheCompiledExample() throws Exception
    {
        assertShown("ReadmeExample.java");
        assertShown("ReadmeTypedExample.java");
    }

    @Test
    void readmeShowsTheCompiledPatchExample() throws Exception
    {
        assertShown("ReadmePatchExample.java");
    }

    @Test
    void readmeShowsTheCompiledAuditExample() throws Exception
    {
        assertShown("ReadmeAuditExample.java");
    }

    private static void assertShown(final String file) throws Exception
    {
        final List<String> source = Files.readAllLines(Path.of("src", "test", "java", "io", "pagekv", file));
        final int start = source.indexOf("        // README:start");
        final int end = source.indexOf("        // README:end");
        final String example = String.join("\n", source.subList(start + 1, end)).stripIndent().strip();
        final String readme = Files.readString(Path.of("..", "README.md"));
        assertTrue(readme.contains(example), "README.md must show the example of " + file + ":\n" + example);
    }
}
