package io.pagekv;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lower layers never import higher ones. Each internal package may use only the packages listed
 * here, plus the exception types of {@code io.pagekv}.
 */
class LayeringTest
{
    private static final Map<String, Set<String>> ALLOWED = Map.of(
        "io", Set.of(),
        "format", Set.of(),
        "page", Set.of("io", "format"),
        "value", Set.of("page", "format"),
        "btree", Set.of("value", "page", "format"),
        "txn", Set.of("btree", "value", "page", "format", "io"));

    private static final Pattern IMPORT = Pattern.compile("(?:^import\\s+(?:static\\s+)?|[^\\w.])io\\.pagekv\\.(\\w+)(?:\\.(\\w+))?");

    @Test
    void internalPackagesImportOnlyLowerLayers() throws IOException
    {
        final Path root = Path.of("src", "main", "java", "io", "pagekv");
        final List<String> violations = new ArrayList<>();
        for (final Map.Entry<String, Set<String>> layer : ALLOWED.entrySet())
        {
            try (Stream<Path> files = Files.list(root.resolve(layer.getKey())))
            {
                for (final Path file : (Iterable<Path>)files::iterator)
                {
                    for (final String line : Files.readAllLines(file))
                    {
                        final Matcher m = IMPORT.matcher(line);
                        while (m.find())
                        {
                            final String target = m.group(1);
                            final boolean isException = Character.isUpperCase(target.charAt(0)) && target.endsWith("Exception");
                            if (!target.equals(layer.getKey()) && !isException && !layer.getValue().contains(target))
                            {
                                violations.add(file.getFileName() + " (" + layer.getKey() + ") uses io.pagekv." + target);
                            }
                        }
                    }
                }
            }
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }
}
