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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lower layers never import higher ones. The test discovers every internal package under
 * {@code io.pagekv}; each may use only the packages its layer lists here, plus the vocabulary of
 * the public package (its exception types, and for the checker the report types it fills). A
 * package this table does not know fails the test: a new layer must say where it sits.
 */
class LayeringTest
{
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
        Map.entry("io", Set.of()),
        Map.entry("format", Set.of()),
        Map.entry("page", Set.of("io", "format")),
        Map.entry("value", Set.of("page", "format")),
        Map.entry("btree", Set.of("value", "page", "format")),
        Map.entry("ipc", Set.of("io", "format")),
        Map.entry("txn", Set.of("btree", "value", "page", "format", "io", "ipc")),
        Map.entry("check", Set.of("txn", "btree", "value", "page", "format", "io")),
        Map.entry("compact", Set.of("txn", "btree", "value", "page", "format")),
        Map.entry("recover", Set.of("txn", "btree", "value", "page", "format", "io")),
        Map.entry("patch", Set.of("txn", "btree", "value", "page", "format", "io", "ipc")));

    /** Public types a layer may name besides the exceptions: the reports the checker and salvage fill. */
    private static final Map<String, Set<String>> PUBLIC_VOCABULARY = Map.of(
        "check", Set.of("VerifyReport", "VerifyProblem"),
        "recover", Set.of("SalvageReport"));

    private static final Path ROOT = Path.of("src", "main", "java", "io", "pagekv");
    private static final Pattern IMPORT = Pattern.compile("(?:^import\\s+(?:static\\s+)?|[^\\w.])io\\.pagekv\\.(\\w+)(?:\\.(\\w+))?");

    @Test
    void everyInternalPackageHasALayer() throws IOException
    {
        final List<String> unknown = new ArrayList<>();
        for (final String layer : internalPackages())
        {
            if (!ALLOWED.containsKey(layer))
            {
                unknown.add("io.pagekv." + layer + " is not in LayeringTest's table: say which layers it may use");
            }
        }
        assertTrue(unknown.isEmpty(), String.join("\n", unknown));
        assertEquals(ALLOWED.keySet(), Set.copyOf(internalPackages()), "the table lists a package that no longer exists");
    }

    @Test
    void internalPackagesImportOnlyLowerLayers() throws IOException
    {
        final List<String> violations = new ArrayList<>();
        for (final String layer : internalPackages())
        {
            final Set<String> allowed = ALLOWED.getOrDefault(layer, Set.of());
            final Set<String> vocabulary = PUBLIC_VOCABULARY.getOrDefault(layer, Set.of());
            try (Stream<Path> files = Files.walk(ROOT.resolve(layer)))
            {
                for (final Path file : (Iterable<Path>)files.filter(p -> p.toString().endsWith(".java"))::iterator)
                {
                    for (final String line : Files.readAllLines(file))
                    {
                        final Matcher m = IMPORT.matcher(line);
                        while (m.find())
                        {
                            final String target = m.group(1);
                            final boolean isException = Character.isUpperCase(target.charAt(0)) && target.endsWith("Exception");
                            if (!target.equals(layer) && !isException && !vocabulary.contains(target) && !allowed.contains(target))
                            {
                                violations.add(file.getFileName() + " (" + layer + ") uses io.pagekv." + target);
                            }
                        }
                    }
                }
            }
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }

    private static List<String> internalPackages() throws IOException
    {
        try (Stream<Path> entries = Files.list(ROOT))
        {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
