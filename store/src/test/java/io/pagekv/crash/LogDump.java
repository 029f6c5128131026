package io.pagekv.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Prints every commit-record-looking page of a store directory (type byte 4 with a plausible
 * header), valid or not, for diagnosing a failed battery run: {@code seg:index txn body prev}.
 */
public final class LogDump
{
    private LogDump()
    {
    }

    public static void main(final String[] args)
    {
        System.out.println(dump(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 4096));
    }

    static String dump(final Path dir, final int pageSize)
    {
        final StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(dir))
        {
            for (final Path file : (Iterable<Path>)files.sorted()::iterator)
            {
                final String name = file.getFileName().toString();
                if (!name.startsWith("seg-"))
                {
                    sb.append(name).append(' ').append(Files.size(file)).append(" bytes\n");
                    continue;
                }
                final ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
                sb.append(name).append(' ').append(bytes.capacity()).append(" bytes\n");
                for (int page = 0; (long)(page + 1) * pageSize <= bytes.capacity(); page++)
                {
                    final int at = page * pageSize;
                    final int type = bytes.get(at) & 0xFF;
                    if (type == io.pagekv.format.PageType.COMMIT)
                    {
                        final long prev = bytes.getLong(at + io.pagekv.format.CommitLayout.PREVIOUS_OFFSET);
                        sb.append(String.format("  %d:%d commit txn %d body %d prev %s crc %08x%n", (int)(bytes.getLong(at + 8) >>> 32), page,
                            bytes.getLong(at + 16), bytes.getInt(at + 24), io.pagekv.format.PageAddress.toString(prev), bytes.getInt(at + 4)));
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return sb.toString();
    }
}
