package io.pagekv.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A one-line description of the machine the report is generated on (the one that ran the
 * benchmarks, as {@code bench/run.sh} does both): CPU, cores, memory, operating system.
 */
public final class Machine
{
    private Machine()
    {
    }

    /**
     * @return for example {@code AMD EPYC 7B13, 2 cores, 23.5 GiB RAM, Linux 6.1.0 (amd64)}.
     */
    public static String describe()
    {
        final String cpu = field(Path.of("/proc/cpuinfo"), "model name");
        final String memKb = field(Path.of("/proc/meminfo"), "MemTotal");
        final String memory = memKb == null ? "unknown RAM" :
            String.format(Locale.ROOT, "%.1f GiB RAM", Long.parseLong(memKb.replaceAll("[^0-9]", "")) / (double)(1 << 20));
        return (cpu == null ? "unknown CPU" : cpu) + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + memory + ", " +
            System.getProperty("os.name") + " " + System.getProperty("os.version") + " (" + System.getProperty("os.arch") + ")";
    }

    /**
     * @return the load averages over 1, 5 and 15 minutes as a sentence, saying whether the
     * machine ran more work than it has cores; null where {@code /proc/loadavg} is missing.
     */
    static String loadNote()
    {
        try
        {
            final String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            final int cores = Runtime.getRuntime().availableProcessors();
            final boolean crowded = Double.parseDouble(fields[1]) > cores;
            return "Load average when the run ended (1, 5, 15 min): " + fields[0] + ", " + fields[1] + ", " + fields[2] +
                (crowded ? "; more than the " + cores + " cores, so other work shared the machine and widened the errors." : ".");
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
        }
    }

    private static String field(final Path file, final String name)
    {
        try
        {
            for (final String line : Files.readAllLines(file))
            {
                final int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(name))
                {
                    return line.substring(colon + 1).trim();
                }
            }
        }
        catch (final IOException ex)
        {
            return null;
        }
        return null;
    }
}
