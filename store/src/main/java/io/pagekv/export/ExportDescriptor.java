package io.pagekv.export;

import io.pagekv.ExportRefusedException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What another process needs to map an export, as one small JSON object (documented in
 * {@code docs/ipc.md}). Written and parsed here by hand, strictly: one flat object of known keys,
 * string and non-negative integer values only, no key twice, nothing after it; anything else is
 * refused with {@link ExportRefusedException}. The store module has no JSON library.
 *
 * <pre>{@code
 * {"version":1,"route":"mapped","name":"pagekv-…","storeId":"5f0c…","txn":42,"length":1048576,
 *  "crc32c":"9a01c2ff","file":"/data/store/seg-000003","offset":1056800}
 * {"version":1,"route":"shm","name":"pagekv-…","storeId":"5f0c…","txn":42,"length":10,
 *  "crc32c":"1c2f0a33","file":"/dev/shm/pagekv-…","offset":0}
 * }</pre>
 *
 * @param route   {@link #MAPPED} or {@link #SHM}.
 * @param name    the export's name; for the shm route, the shared-memory object's.
 * @param storeId the store's id.
 * @param txn     the commit the value was read from.
 * @param length  the value's length in bytes.
 * @param crc32c  the CRC32C of the value's bytes.
 * @param file    the file to map: a segment file of the store, or the object under {@code /dev/shm}.
 * @param offset  where the value starts in that file.
 */
public record ExportDescriptor(
    String route, String name, long storeId, long txn, long length, int crc32c, String file, long offset)
{
    /** The descriptor format version this build writes and reads. */
    public static final int VERSION = 1;
    /** The route that maps a region of a segment file. */
    public static final String MAPPED = "mapped";
    /** The route that maps a POSIX shared-memory object. */
    public static final String SHM = "shm";
    /** The longest descriptor accepted. */
    public static final int MAX_LENGTH = 8192;

    private static final Set<String> KEYS = Set.of("version", "route", "name", "storeId", "txn", "length", "crc32c", "file", "offset");

    /**
     * @return the descriptor as one line of JSON.
     */
    public String toJson()
    {
        return "{\"version\":" + VERSION + ",\"route\":" + quote(route) + ",\"name\":" + quote(name) +
            ",\"storeId\":\"" + hex16(storeId) + "\",\"txn\":" + txn + ",\"length\":" + length +
            ",\"crc32c\":\"" + String.format("%08x", crc32c) + "\",\"file\":" + quote(file) + ",\"offset\":" + offset + "}";
    }

    /**
     * @param storeId a store id.
     * @return it as 16 lower-case hex digits, as descriptors and shm names carry it.
     */
    public static String hex16(final long storeId)
    {
        // Not String.format: every writable open names its store's exports this way to reap them.
        final String digits = Long.toHexString(storeId);
        return "0000000000000000".substring(digits.length()) + digits;
    }

    /**
     * Parses a descriptor strictly.
     *
     * @param json the descriptor.
     * @return its fields.
     * @throws ExportRefusedException if it is not a descriptor of this version.
     */
    public static ExportDescriptor parse(final String json)
    {
        if (json == null)
        {
            throw new ExportRefusedException("export descriptor is null");
        }
        if (json.length() > MAX_LENGTH)
        {
            throw new ExportRefusedException("export descriptor of " + json.length() + " characters is over the " + MAX_LENGTH + " allowed");
        }
        final Map<String, Object> fields = new FlatJson(json).object();
        if (!fields.keySet().equals(KEYS))
        {
            throw new ExportRefusedException("export descriptor has keys " + fields.keySet() + ", expected exactly " + KEYS);
        }
        if (number(fields, "version") != VERSION)
        {
            throw new ExportRefusedException("export descriptor version " + fields.get("version") + ", this build reads " + VERSION);
        }
        final String route = string(fields, "route");
        if (!route.equals(MAPPED) && !route.equals(SHM))
        {
            throw new ExportRefusedException("export descriptor route \"" + route + "\" is neither \"mapped\" nor \"shm\"");
        }
        return new ExportDescriptor(route, string(fields, "name"), hex(fields, "storeId", 16), number(fields, "txn"),
            number(fields, "length"), (int)hex(fields, "crc32c", 8), string(fields, "file"), number(fields, "offset"));
    }

    private static String string(final Map<String, Object> fields, final String key)
    {
        if (fields.get(key) instanceof String value)
        {
            return value;
        }
        throw new ExportRefusedException("export descriptor field \"" + key + "\" is not a string");
    }

    private static long number(final Map<String, Object> fields, final String key)
    {
        if (fields.get(key) instanceof Long value)
        {
            return value;
        }
        throw new ExportRefusedException("export descriptor field \"" + key + "\" is not a whole number");
    }

    private static long hex(final Map<String, Object> fields, final String key, final int digits)
    {
        final String value = string(fields, key);
        if (value.length() != digits || !value.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
        {
            throw new ExportRefusedException("export descriptor field \"" + key + "\" is \"" + value + "\", expected " + digits +
                " lower-case hex digits");
        }
        return Long.parseUnsignedLong(value, 16);
    }

    private static String quote(final String value)
    {
        final StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == '"' || c == '\\')
            {
                out.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                out.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** A parser of one flat JSON object whose values are strings or non-negative integers. */
    private static final class FlatJson
    {
        private final String text;
        private int at;

        FlatJson(final String text)
        {
            this.text = text;
        }

        Map<String, Object> object()
        {
            final Map<String, Object> fields = new LinkedHashMap<>();
            skipSpace();
            expect('{');
            skipSpace();
            if (peek() == '}')
            {
                at++;
            }
            else
            {
                while (true)
                {
                    skipSpace();
                    final String key = string();
                    skipSpace();
                    expect(':');
                    skipSpace();
                    final Object value = peek() == '"' ? string() : number();
                    if (fields.put(key, value) != null)
                    {
                        throw refuse("key \"" + key + "\" appears twice");
                    }
                    skipSpace();
                    if (peek() == ',')
                    {
                        at++;
                        continue;
                    }
                    expect('}');
                    break;
                }
            }
            skipSpace();
            if (at != text.length())
            {
                throw refuse("text after the object");
            }
            return fields;
        }

        private String string()
        {
            expect('"');
            final StringBuilder out = new StringBuilder();
            while (true)
            {
                final char c = next();
                if (c == '"')
                {
                    return out.toString();
                }
                if (c < 0x20)
                {
                    throw refuse("control character in a string");
                }
                if (c != '\\')
                {
                    out.append(c);
                    continue;
                }
                final char escaped = next();
                switch (escaped)
                {
                    case '"', '\\', '/' -> out.append(escaped);
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> out.append(unicode());
                    default -> throw refuse("unknown escape \\" + escaped);
                }
            }
        }

        private char unicode()
        {
            if (at + 4 > text.length())
            {
                throw refuse("truncated \\u escape");
            }
            int value = 0;
            for (int i = 0; i < 4; i++)
            {
                final int digit = Character.digit(text.charAt(at++), 16);
                if (digit < 0)
                {
                    throw refuse("bad \\u escape");
                }
                value = value * 16 + digit;
            }
            return (char)value;
        }

        private Long number()
        {
            final int start = at;
            while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9')
            {
                at++;
            }
            final String digits = text.substring(start, at);
            if (digits.isEmpty() || (digits.length() > 1 && digits.charAt(0) == '0') || digits.length() > 18)
            {
                throw refuse("a value is neither a string nor a whole number from 0 to 10^18");
            }
            return Long.parseLong(digits);
        }

        private void skipSpace()
        {
            while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0)
            {
                at++;
            }
        }

        private char peek()
        {
            if (at >= text.length())
            {
                throw refuse("it ends early");
            }
            return text.charAt(at);
        }

        private char next()
        {
            final char c = peek();
            at++;
            return c;
        }

        private void expect(final char c)
        {
            if (next() != c)
            {
                throw refuse("expected '" + c + "'");
            }
        }

        private ExportRefusedException refuse(final String what)
        {
            return new ExportRefusedException("export descriptor is not valid JSON at character " + at + ": " + what);
        }
    }
}
