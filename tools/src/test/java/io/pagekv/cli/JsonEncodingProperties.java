package io.pagekv.cli;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The JSON that Jackson writes for pagekv is byte for byte the documented encoding (and what the
 * hand-written encoder before it wrote): ASCII, the short escapes for {@code " \ \b \f \n \r \t},
 * every other character below 0x20 or above 0x7E as a lowercase {@code \}{@code u00xx}; bytes
 * that are not UTF-8 as {@code {"base64":"..."}}. Values streamed in pieces give the same text.
 */
class JsonEncodingProperties
{
    @Property(tries = 500)
    void stringsAreEscapedAsDocumented(@ForAll final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final boolean wellFormed = new String(bytes, StandardCharsets.UTF_8).equals(text);
        if (wellFormed)
        {
            assertEquals(documented(text), KeyFormat.JSON.encode(bytes));
        }
    }

    @Property(tries = 200)
    void bytesThatAreNotUtf8AreBase64Objects(@ForAll @Size(min = 1, max = 200) final byte[] bytes)
    {
        final String text = new String(bytes, StandardCharsets.UTF_8);
        final String expected = java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), bytes) ? documented(text) :
            "{\"base64\":\"" + Base64.getEncoder().encodeToString(bytes) + "\"}";
        assertEquals(expected, KeyFormat.JSON.encode(bytes));
    }

    @Property(tries = 30)
    void largeValuesStreamToTheSameText(@ForAll @StringLength(min = 1, max = 40) final String unit, @ForAll final boolean binary)
        throws IOException
    {
        final byte[] piece = binary ? new byte[]{(byte)0xff, 1, 2} : unit.getBytes(StandardCharsets.UTF_8);
        final byte[] value = new byte[ValueStream.PIECE * 2 + 17];
        for (int i = 0; i < value.length; i++)
        {
            value[i] = piece[i % piece.length];
        }
        final StringWriter streamed = new StringWriter();
        new ValueStream(Path.of("store")).encoded(new UnsafeBuffer(value), KeyFormat.JSON, streamed);
        assertEquals(KeyFormat.JSON.encode(value), streamed.toString());
    }

    private static String documented(final String text)
    {
        final StringBuilder json = new StringBuilder("\"");
        for (final char c : text.toCharArray())
        {
            switch (c)
            {
                case '"': json.append("\\\""); break;
                case '\\': json.append("\\\\"); break;
                case '\b': json.append("\\b"); break;
                case '\f': json.append("\\f"); break;
                case '\n': json.append("\\n"); break;
                case '\r': json.append("\\r"); break;
                case '\t': json.append("\\t"); break;
                default: json.append(c >= 0x20 && c <= 0x7E ? String.valueOf(c) : String.format(Locale.ROOT, "\\u%04x", (int)c));
            }
        }
        return json.append('"').toString();
    }
}
