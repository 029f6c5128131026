package io.pagekv;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code docs/format.md} (and the audit log's table in {@code docs/audit.md}) cannot drift from the code: every table row that names a layout
 * constant must give that constant's value as its offset.
 */
class FormatDocTest
{
    private static final Pattern ROW = Pattern.compile("^\\|\\s*(\\d+)\\s*\\|.*\\|\\s*`(\\w+)\\.(\\w+)`\\s*\\|\\s*$");

    @Test
    void everyDocumentedOffsetMatchesItsConstant() throws Exception
    {
        final List<String> lines = new java.util.ArrayList<>(Files.readAllLines(Path.of("..", "docs", "format.md")));
        // The audit log's layout is drawn in the audit documentation.
        lines.addAll(Files.readAllLines(Path.of("..", "docs", "audit.md")));
        int checked = 0;
        for (final String line : lines)
        {
            final Matcher m = ROW.matcher(line);
            if (m.matches())
            {
                final Class<?> layout = Class.forName("io.pagekv.format." + m.group(2));
                final int value = layout.getField(m.group(3)).getInt(null);
                assertEquals(Integer.parseInt(m.group(1)), value, "docs/format.md: " + line);
                checked++;
            }
        }
        assertTrue(checked >= 50, "only " + checked + " documented offsets found; did the table format change?");
    }
}
