package io.pagekv;

import io.pagekv.ipc.StoreCounter;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code docs/ipc.md}'s table of live counters cannot drift from {@link StoreCounter}: id, type
 * id and label of every counter, in order.
 */
class IpcDocTest
{
    private static final Pattern ROW = Pattern.compile("^\\|\\s*(\\d+)\\s*\\|\\s*(\\d+)\\s*\\|\\s*`([^`]+)`\\s*\\|.*$");

    @Test
    void theCounterTableListsEveryCounterWithItsIdTypeIdAndLabel() throws Exception
    {
        final List<String> documented = new ArrayList<>();
        for (final String line : Files.readAllLines(Path.of("..", "docs", "ipc.md")))
        {
            final Matcher m = ROW.matcher(line);
            if (m.matches())
            {
                documented.add(m.group(1) + " " + m.group(2) + " " + m.group(3));
            }
        }
        final List<String> actual = new ArrayList<>();
        for (final StoreCounter counter : StoreCounter.values())
        {
            actual.add(counter.ordinal() + " " + counter.typeId() + " " + counter.label());
        }
        assertEquals(actual, documented);
    }
}
