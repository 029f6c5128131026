package io.pagekv.cli;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every encoding gives any bytes back and never writes a tab or a line break.
 */
class KeyFormatProperties
{
    @Property(tries = 500)
    void everyEncodingRoundTripsAnyBytes(@ForAll final KeyFormat format, @ForAll @Size(max = 300) final byte[] bytes)
    {
        final String encoded = format.encode(bytes);
        assertArrayEquals(bytes, format.decode(encoded), encoded);
        assertTrue(encoded.chars().allMatch(c -> c >= 0x20 && c < 0x7F), () -> "not printable ASCII: " + encoded);
    }

    @Property(tries = 300)
    void textOfAnyStringIsItsUtf8Bytes(@ForAll final String text)
    {
        final boolean wellFormed = text.codePoints().noneMatch(c -> Character.isSurrogate((char)c) && c < 0x10000);
        if (wellFormed && !text.contains("\\"))
        {
            assertArrayEquals(SampleStores.bytes(text), KeyFormat.TEXT.decode(text));
        }
    }

    @Property(tries = 300)
    void jsonOfValidUtf8IsAString(@ForAll final String text)
    {
        final boolean wellFormed = text.codePoints().noneMatch(c -> Character.isSurrogate((char)c) && c < 0x10000);
        if (wellFormed)
        {
            final String json = KeyFormat.JSON.encode(SampleStores.bytes(text));
            assertTrue(json.startsWith("\""), json);
            assertArrayEquals(SampleStores.bytes(text), KeyFormat.JSON.decode(json));
        }
    }
}
