package io.pagekv.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The four encodings on examples: what they print, what they read, what they refuse.
 */
class KeyFormatTest
{
    private static final byte[] MIXED = {'a', '\\', '\t', 0, (byte)0xFF, 'z'};

    @Test
    void textKeepsPrintableAsciiAndEscapesEverythingElse()
    {
        assertEquals("user:42", KeyFormat.TEXT.encode(SampleStores.bytes("user:42")));
        assertEquals("a\\\\\\x09\\x00\\xffz", KeyFormat.TEXT.encode(MIXED));
        assertArrayEquals(MIXED, KeyFormat.TEXT.decode("a\\\\\\x09\\x00\\xFFz"));
    }

    @Test
    void textTakesOtherCharactersAsUtf8()
    {
        assertArrayEquals(new byte[]{'c', 'a', 'f', (byte)0xC3, (byte)0xA9}, KeyFormat.TEXT.decode("café"));
        assertEquals("caf\\xc3\\xa9", KeyFormat.TEXT.encode(KeyFormat.TEXT.decode("café")));
    }

    @Test
    void textRefusesUnknownEscapesWithThePosition()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> KeyFormat.TEXT.decode("ab\\n"));
        assertTrue(ex.getMessage().contains("position 2"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KeyFormat.TEXT.decode("\\x4"));
        assertThrows(IllegalArgumentException.class, () -> KeyFormat.TEXT.decode("\\xzz"));
        assertThrows(IllegalArgumentException.class, () -> KeyFormat.TEXT.decode("end\\"));
    }

    @Test
    void hexAndBase64()
    {
        assertEquals("615c0900ff7a", KeyFormat.HEX.encode(MIXED));
        assertArrayEquals(MIXED, KeyFormat.HEX.decode("615C0900FF7A"));
        assertEquals("YVwJAP96", KeyFormat.BASE64.encode(MIXED));
        assertThrows(IllegalArgumentException.class, () -> KeyFormat.HEX.decode("abc"));
        assertThrows(IllegalArgumentException.class, () -> KeyFormat.HEX.decode("zz"));
        assertThrows(IllegalArgumentException.class, () -> KeyFormat.BASE64.decode("a*b="));
    }

    @Test
    void jsonIsAStringForUtf8AndBase64ObjectOtherwise()
    {
        assertEquals("\"caf\\u00e9 \\\"x\\\"\\n\"", KeyFormat.JSON.encode(SampleStores.bytes("café \"x\"\n")));
        assertEquals("{\"base64\":\"YVwJAP96\"}", KeyFormat.JSON.encode(MIXED));
        assertArrayEquals(MIXED, KeyFormat.JSON.decode(" { \"base64\" : \"YVwJAP96\" } "));
        assertArrayEquals(SampleStores.bytes("😀"), KeyFormat.JSON.decode("\"\\ud83d\\ude00\""));
    }

    @Test
    void jsonRefusesWhatIsNotOneStringOrTheBase64Object()
    {
        assertThrows(IllegalArgumentException.class, () -> KeyFormat.JSON.decode("plain"));
        assertThrows(IllegalArgumentException.class, () -> KeyFormat.JSON.decode("\"open"));
        assertThrows(IllegalArgumentException.class, () -> KeyFormat.JSON.decode("\"a\" \"b\""));
        assertThrows(IllegalArgumentException.class, () -> KeyFormat.JSON.decode("{\"hex\":\"00\"}"));
        assertThrows(IllegalArgumentException.class, () -> KeyFormat.JSON.decode("\"\\ud83d\""));
        assertThrows(IllegalArgumentException.class, () -> KeyFormat.JSON.decode("\"\\q\""));
    }
}
