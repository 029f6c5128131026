package io.pagekv.bench.values;

import io.pagekv.codec.Codec;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A decoded JSON-like document: its text and two figures parsed out of it, so that decoding
 * costs what an application's decoding costs (a string and a pass over it).
 *
 * @param text  the document.
 * @param items how many {@code "qty"} fields it holds.
 * @param qty   their sum.
 */
public record JsonDocument(String text, int items, long qty)
{
    /** The codec: encodes the text as ASCII; decodes it and parses the quantities. */
    public static final Codec<JsonDocument> CODEC = new Codec<>()
    {
        @Override
        public int encode(final JsonDocument value, final MutableDirectBuffer buffer, final int offset)
        {
            return buffer.putStringWithoutLengthAscii(offset, value.text());
        }

        @Override
        public JsonDocument decode(final DirectBuffer buffer, final int offset, final int length)
        {
            int items = 0;
            long qty = 0;
            final int end = offset + length;
            for (int i = offset; i + 6 < end; i++)
            {
                if (buffer.getByte(i) == '"' && buffer.getByte(i + 1) == 'q' && buffer.getByte(i + 4) == '"' && buffer.getByte(i + 5) == ':')
                {
                    items++;
                    int j = i + 6;
                    long n = 0;
                    while (j < end && buffer.getByte(j) >= '0' && buffer.getByte(j) <= '9')
                    {
                        n = n * 10 + buffer.getByte(j++) - '0';
                    }
                    qty += n;
                    i = j;
                }
            }
            return new JsonDocument(buffer.getStringWithoutLengthAscii(offset, length), items, qty);
        }
    };
}
