package io.pagekv.cli;

/**
 * Decodes one encoded value as its characters arrive, one byte at a time, into a {@link Sink}:
 * the streaming twin of {@link KeyFormat#decode}, which needs the whole text as one string. A
 * line of a dump can so hold a value of any size that the store takes.
 *
 * <pre>{@code
 * decoder.start(); for (byte b : line) decoder.accept(b & 0xFF); decoder.finish();
 * }</pre>
 *
 * <p>Not thread-safe.
 */
abstract class ValueDecoder
{
    /** Where decoded bytes go. */
    interface Sink
    {
        /**
         * @param b the next decoded byte, 0 to 255.
         */
        void put(int b);
    }

    /** Where decoded bytes go. */
    protected final Sink sink;
    /** The index of the current character in the encoded value, for messages. */
    protected long position;

    /**
     * @param sink where decoded bytes go.
     */
    protected ValueDecoder(final Sink sink)
    {
        this.sink = sink;
    }

    /**
     * @param format an encoding.
     * @param sink   where decoded bytes go.
     * @return a decoder for it.
     */
    static ValueDecoder of(final KeyFormat format, final Sink sink)
    {
        switch (format)
        {
            case HEX: return new HexDecoder(sink);
            case BASE64: return new Base64Decoder(sink);
            case JSON: return new JsonDecoder(sink);
            default: return new TextDecoder(sink);
        }
    }

    /**
     * Starts a new value.
     */
    final void start()
    {
        position = 0;
        reset();
    }

    /**
     * @param b the next byte of the encoded value, 0 to 255.
     * @throws IllegalArgumentException if the value is not valid; the message says where.
     */
    final void accept(final int b)
    {
        take(b);
        position++;
    }

    /**
     * Ends the value.
     *
     * @throws IllegalArgumentException if the value is cut short.
     */
    abstract void finish();

    /**
     * Forgets the previous value.
     */
    protected abstract void reset();

    /**
     * @param b the byte at {@link #position}.
     */
    protected abstract void take(int b);

    /**
     * @param codePoint a Unicode code point.
     * @param sink      where its UTF-8 bytes go.
     */
    static void putUtf8(final int codePoint, final Sink sink)
    {
        if (codePoint < 0x80)
        {
            sink.put(codePoint);
        }
        else if (codePoint < 0x800)
        {
            sink.put(0xC0 | codePoint >>> 6);
            sink.put(0x80 | codePoint & 0x3F);
        }
        else if (codePoint < 0x10000)
        {
            sink.put(0xE0 | codePoint >>> 12);
            sink.put(0x80 | codePoint >>> 6 & 0x3F);
            sink.put(0x80 | codePoint & 0x3F);
        }
        else
        {
            sink.put(0xF0 | codePoint >>> 18);
            sink.put(0x80 | codePoint >>> 12 & 0x3F);
            sink.put(0x80 | codePoint >>> 6 & 0x3F);
            sink.put(0x80 | codePoint & 0x3F);
        }
    }
}
