package io.pagekv.codec;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every ready codec round-trips, and every key codec preserves order: the unsigned byte order of
 * two encodings is the order of the two values.
 */
class CodecProperties
{
    private static final Comparator<String> CODE_POINTS = (a, b) ->
    {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length())
        {
            final int ca = a.codePointAt(i);
            final int cb = b.codePointAt(j);
            if (ca != cb)
            {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };
    private static final Comparator<UUID> UNSIGNED_UUID = Comparator.<UUID>comparingLong(u -> u.getMostSignificantBits() ^ Long.MIN_VALUE)
        .thenComparingLong(u -> u.getLeastSignificantBits() ^ Long.MIN_VALUE);
    private static final Comparator<byte[]> UNSIGNED_BYTES = Arrays::compareUnsigned;

    @Property(tries = 300)
    void utf8RoundTripsAndMatchesTheJdkEncoder(@ForAll("strings") final String value)
    {
        final byte[] encoded = encode(Codecs.utf8(), value);
        assertArrayEquals(value.getBytes(StandardCharsets.UTF_8), encoded);
        assertEquals(new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), decode(Codecs.utf8(), encoded));
    }

    @Property(tries = 300)
    void utf8PreservesCodePointOrder(@ForAll("validStrings") final String a, @ForAll("validStrings") final String b)
    {
        assertOrder(Codecs.utf8(), CODE_POINTS, a, b);
    }

    @Property(tries = 300)
    void int64RoundTripsAndPreservesOrder(@ForAll final long a, @ForAll final long b)
    {
        assertEquals(a, decode(Codecs.int64(), encode(Codecs.int64(), a)));
        assertOrder(Codecs.int64(), Comparator.naturalOrder(), a, b);
    }

    @Property(tries = 300)
    void int32RoundTripsAndPreservesOrder(@ForAll final int a, @ForAll final int b)
    {
        assertEquals(a, decode(Codecs.int32(), encode(Codecs.int32(), a)));
        assertOrder(Codecs.int32(), Comparator.naturalOrder(), a, b);
    }

    @Property(tries = 300)
    void uuidRoundTripsAndPreservesTextOrder(@ForAll("uuids") final UUID a, @ForAll("uuids") final UUID b)
    {
        assertEquals(a, decode(Codecs.uuid(), encode(Codecs.uuid(), a)));
        assertOrder(Codecs.uuid(), UNSIGNED_UUID, a, b);
        assertEquals(Integer.signum(a.toString().compareTo(b.toString())), Integer.signum(UNSIGNED_UUID.compare(a, b)));
    }

    @Property(tries = 300)
    void bytesRoundTripAndPreserveUnsignedOrder(@ForAll("byteArrays") final byte[] a, @ForAll("byteArrays") final byte[] b)
    {
        assertArrayEquals(a, decode(Codecs.bytes(), encode(Codecs.bytes(), a)));
        assertOrder(Codecs.bytes(), UNSIGNED_BYTES, a, b);
    }

    @Property(tries = 500)
    void tupleRoundTripsAndPreservesTupleOrder(@ForAll("tuples") final List<Object> a, @ForAll("tuples") final List<Object> b)
    {
        final Codec<List<Object>> codec = tupleCodec();
        assertTupleEquals(a, decode(codec, encode(codec, a)));
        assertOrder(codec, TUPLE_ORDER, a, b);
    }

    @Property(tries = 300)
    void aShorterTupleEncodesAsAPrefixOfEveryTupleStartingWithIt(@ForAll("tuples") final List<Object> tuple)
    {
        final Codec<List<Object>> codec = tupleCodec();
        final byte[] whole = encode(codec, tuple);
        for (int n = 0; n <= tuple.size(); n++)
        {
            final byte[] prefix = encode(codec, tuple.subList(0, n));
            assertArrayEquals(prefix, Arrays.copyOf(whole, prefix.length), "tuple prefix of " + n + " components");
        }
    }

    private static Codec<List<Object>> tupleCodec()
    {
        return Codecs.tuple(Codecs.bytes(), Codecs.int64(), Codecs.utf8(), Codecs.int32());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Comparator<List<Object>> TUPLE_ORDER = (a, b) ->
    {
        final Comparator[] components = {UNSIGNED_BYTES, Comparator.naturalOrder(), CODE_POINTS, Comparator.naturalOrder()};
        for (int i = 0; i < Math.min(a.size(), b.size()); i++)
        {
            final int c = components[i].compare(a.get(i), b.get(i));
            if (c != 0)
            {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    private static void assertTupleEquals(final List<Object> expected, final List<Object> actual)
    {
        assertEquals(expected.size(), actual.size());
        assertArrayEquals((byte[])expected.get(0), (byte[])actual.get(0));
        assertEquals(expected.subList(1, expected.size()), actual.subList(1, actual.size()));
    }

    private static <T> void assertOrder(final Codec<T> codec, final Comparator<? super T> order, final T a, final T b)
    {
        assertEquals(Integer.signum(order.compare(a, b)), Integer.signum(Arrays.compareUnsigned(encode(codec, a), encode(codec, b))),
            "byte order of the encodings differs from the values' order");
    }

    static <T> byte[] encode(final Codec<T> codec, final T value)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(8);
        buffer.setMemory(0, 8, (byte)0x55);
        final int length = codec.encode(value, buffer, 3);
        final byte[] bytes = new byte[length];
        buffer.getBytes(3, bytes);
        return bytes;
    }

    static <T> T decode(final Codec<T> codec, final byte[] encoded)
    {
        final byte[] padded = new byte[encoded.length + 7];
        System.arraycopy(encoded, 0, padded, 5, encoded.length);
        return codec.decode(new UnsafeBuffer(padded), 5, encoded.length);
    }

    @Provide
    Arbitrary<String> strings()
    {
        return Arbitraries.strings().all().ofMaxLength(40);
    }

    @Provide
    Arbitrary<String> validStrings()
    {
        return Arbitraries.oneOf(
            Arbitraries.strings().withCharRange('\u0000', '\u00FF').ofMaxLength(8),
            Arbitraries.strings().all().ofMaxLength(8).filter(s -> s.equals(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))),
            Arbitraries.integers().between(0, Character.MAX_CODE_POINT).filter(cp -> cp < 0xD800 || cp > 0xDFFF)
                .list().ofMaxSize(4).map(cps -> cps.stream().collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString()));
    }

    @Provide
    Arbitrary<UUID> uuids()
    {
        final Arbitrary<Long> halves = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE));
        return Combinators.combine(halves, halves).as(UUID::new);
    }

    @Provide
    Arbitrary<byte[]> byteArrays()
    {
        return Arbitraries.oneOf(
            Arbitraries.bytes().array(byte[].class).ofMaxSize(12),
            Arbitraries.bytes().between((byte)-1, (byte)1).array(byte[].class).ofMaxSize(5));
    }

    @Provide
    Arbitrary<List<Object>> tuples()
    {
        final Arbitrary<byte[]> bytes = Arbitraries.bytes().between((byte)-1, (byte)2).array(byte[].class).ofMaxSize(4);
        final Arbitrary<Long> longs = Arbitraries.longs().between(-2, 2);
        final Arbitrary<String> strings = Arbitraries.strings().withChars("\u0000a\u00e9\uFFFF").ofMaxLength(3);
        final Arbitrary<Integer> ints = Arbitraries.integers().between(-2, 2);
        return Combinators.combine(bytes, longs, strings, ints, Arbitraries.integers().between(1, 4))
            .as((b, l, s, i, n) -> List.<Object>of(b, l, s, i).subList(0, n));
    }
}
