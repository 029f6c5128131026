package io.pagekv.cli;

/**
 * Streams the {@link KeyFormat#JSON} encoding: a JSON string, whose text stands for its UTF-8
 * bytes, or the object {@code {"base64":"..."}} for bytes that are not UTF-8. Spaces may
 * surround the tokens.
 */
final class JsonDecoder extends ValueDecoder
{
    /** Where the decoder is in the value's grammar. */
    private enum State
    {
        START, STRING, ESCAPE, UNICODE, OBJECT_NAME_START, OBJECT_NAME, OBJECT_COLON, OBJECT_VALUE_START, OBJECT_VALUE,
        OBJECT_END, DONE
    }

    private static final String NOT_BASE64_OBJECT = "a JSON object must be {\"" + JsonBytes.BASE64_FIELD + "\":\"...\"}";

    private final Utf8Check utf8 = new Utf8Check();
    private final Base64Decoder base64;
    private final StringBuilder name = new StringBuilder();
    private State state;
    private int unicode;
    private int digits;
    /** A high surrogate waiting for its low half, or -1. */
    private int highSurrogate;

    JsonDecoder(final Sink sink)
    {
        super(sink);
        this.base64 = new Base64Decoder(sink);
    }

    @Override
    protected void reset()
    {
        state = State.START;
        highSurrogate = -1;
        name.setLength(0);
        utf8.complete();
    }

    @Override
    protected void take(final int b)
    {
        switch (state)
        {
            case START:
                if (b == '"')
                {
                    state = State.STRING;
                }
                else if (b == '{')
                {
                    state = State.OBJECT_NAME_START;
                }
                else if (b != ' ')
                {
                    throw expected('"');
                }
                return;
            case STRING: string(b); return;
            case ESCAPE: escape(b); return;
            case UNICODE: unicode(b); return;
            case OBJECT_NAME_START: state = after(b, '"', State.OBJECT_NAME); return;
            case OBJECT_NAME: objectName(b); return;
            case OBJECT_COLON: state = after(b, ':', State.OBJECT_VALUE_START); return;
            case OBJECT_VALUE_START:
                state = after(b, '"', State.OBJECT_VALUE);
                if (state == State.OBJECT_VALUE)
                {
                    base64.start();
                }
                return;
            case OBJECT_VALUE:
                if (b == '"')
                {
                    base64.finish();
                    state = State.OBJECT_END;
                }
                else
                {
                    base64.accept(b);
                }
                return;
            case OBJECT_END: state = after(b, '}', State.DONE); return;
            default:
                if (b != ' ')
                {
                    throw new IllegalArgumentException("unexpected text after the JSON value at position " + position);
                }
        }
    }

    private void string(final int b)
    {
        if (highSurrogate >= 0 && b != '\\')
        {
            throw loneSurrogate();
        }
        if (b == '"')
        {
            state = State.DONE;
        }
        else if (b == '\\')
        {
            state = State.ESCAPE;
        }
        else if (b < 0x20)
        {
            throw new IllegalArgumentException("raw control character in a JSON string at position " + position);
        }
        else
        {
            if (b >= 0x80 && !utf8.accept(b))
            {
                throw new IllegalArgumentException("not UTF-8 text at position " + position);
            }
            sink.put(b);
        }
    }

    private void escape(final int b)
    {
        if (highSurrogate >= 0 && b != 'u')
        {
            throw loneSurrogate();
        }
        state = State.STRING;
        switch (b)
        {
            case '"': case '\\': case '/': sink.put(b); break;
            case 'b': sink.put('\b'); break;
            case 'f': sink.put('\f'); break;
            case 'n': sink.put('\n'); break;
            case 'r': sink.put('\r'); break;
            case 't': sink.put('\t'); break;
            case 'u':
                state = State.UNICODE;
                unicode = 0;
                digits = 0;
                break;
            default:
                throw new IllegalArgumentException("bad escape at position " + (position - 1) + " of the JSON value");
        }
    }

    private void unicode(final int b)
    {
        final int digit = b < 0x80 ? HexDigits.value((char)b) : -1;
        if (digit < 0)
        {
            throw new IllegalArgumentException("bad \\u escape at position " + (position - 2 - digits) + " of the JSON value");
        }
        unicode = unicode << 4 | digit;
        if (++digits < 4)
        {
            return;
        }
        state = State.STRING;
        if (Character.isHighSurrogate((char)unicode))
        {
            if (highSurrogate >= 0)
            {
                throw loneSurrogate();
            }
            highSurrogate = unicode;
        }
        else if (Character.isLowSurrogate((char)unicode))
        {
            if (highSurrogate < 0)
            {
                throw loneSurrogate();
            }
            putUtf8(Character.toCodePoint((char)highSurrogate, (char)unicode), sink);
            highSurrogate = -1;
        }
        else if (highSurrogate >= 0)
        {
            throw loneSurrogate();
        }
        else
        {
            putUtf8(unicode, sink);
        }
    }

    private void objectName(final int b)
    {
        if (b != '"')
        {
            name.append((char)b);
            if (name.length() > JsonBytes.BASE64_FIELD.length())
            {
                throw new IllegalArgumentException(NOT_BASE64_OBJECT);
            }
            return;
        }
        final boolean base64Field = name.toString().equals(JsonBytes.BASE64_FIELD);
        name.setLength(0);
        if (!base64Field)
        {
            throw new IllegalArgumentException(NOT_BASE64_OBJECT);
        }
        state = State.OBJECT_COLON;
    }

    private State after(final int b, final char wanted, final State next)
    {
        if (b == wanted)
        {
            return next;
        }
        if (b != ' ')
        {
            throw expected(wanted);
        }
        return state;
    }

    @Override
    void finish()
    {
        switch (state)
        {
            case DONE: return;
            case START: throw expected('"');
            case STRING: case ESCAPE: case UNICODE: throw new IllegalArgumentException("JSON string is not closed");
            default: throw new IllegalArgumentException(NOT_BASE64_OBJECT + ", and this one is not closed");
        }
    }

    private IllegalArgumentException expected(final char c)
    {
        return new IllegalArgumentException("expected '" + c + "' at position " + position + " of the JSON value");
    }

    private static IllegalArgumentException loneSurrogate()
    {
        return new IllegalArgumentException("JSON string holds a lone UTF-16 surrogate");
    }
}
