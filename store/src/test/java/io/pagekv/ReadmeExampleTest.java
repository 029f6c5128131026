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
        assertEquals("user:2=Grace\n", ReadmeExample.run(dir));
    }

    @Test
    void patchExampleRunsAndPrintsTheCounterAndThePatch()
    {
        assertEquals("1 Welcome", ReadmePatchExample.run(dir));
    }

    @Test
    void readmeShowsTheCompiledExample() throws Exception
    {
        assertShown("ReadmeExample.java");
    }

    @Test
    void readmeShowsTheCompiledPatchExample() throws Exception
    {
        assertShown("ReadmePatchExample.java");
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
