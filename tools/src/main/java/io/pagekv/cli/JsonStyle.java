package io.pagekv.cli;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.SerializableString;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;

import java.io.StringWriter;
import java.io.Writer;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * pagekv's JSON, written and read by Jackson's streaming API: ASCII only, so that output does
 * not depend on the platform's charset, with the escapes {@code docs/cli.md} documents
 * ({@code \"}, {@code \\}, {@code \b \f \n \r \t}, every other character below 0x20 or above
 * 0x7E as a lowercase {@code \}{@code u00xx}); documents are indented by two spaces with
 * {@code "name": value} members, lines are compact.
 *
 * <p>Thread-safe: the factory and the printer template are immutable.
 */
final class JsonStyle
{
    private static final JsonFactory FACTORY = JsonFactory.builder()
        .characterEscapes(new AsciiEscapes())
        .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
        .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
        .build();
    private static final DefaultIndenter INDENTER = new DefaultIndenter("  ", "\n");
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(Separators.createDefaultInstance()
        .withObjectNameValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator(""))
        .withObjectIndenter(INDENTER)
        .withArrayIndenter(INDENTER);

    private JsonStyle()
    {
    }

    /**
     * @param body writes one value with the generator it is given.
     * @return the indented document, with a final line break ({@code --json} of info, verify, stats).
     */
    static String document(final Consumer<JsonGenerator> body)
    {
        final StringWriter json = new StringWriter();
        try (JsonGenerator generator = document(json))
        {
            body.accept(generator);
        }
        return json.append('\n').toString();
    }

    private static JsonGenerator document(final Writer out)
    {
        return FACTORY.createGenerator(new ObjectWriteContext.Base()
        {
            @Override
            public PrettyPrinter getPrettyPrinter()
            {
                return PRETTY.createInstance();
            }

            @Override
            public boolean hasPrettyPrinter()
            {
                return true;
            }
        }, out);
    }

    /**
     * @param out where the value goes; not closed by the generator.
     * @return a generator of one compact value, for a line of JSON Lines or an encoded key.
     */
    static JsonGenerator line(final Writer out)
    {
        return FACTORY.createGenerator(ObjectWriteContext.empty(), out);
    }

    /**
     * @param json one JSON value.
     * @return a parser over it.
     */
    static JsonParser parser(final String json)
    {
        return FACTORY.createParser(ObjectReadContext.empty(), json);
    }

    /** The escapes of {@code docs/cli.md}: lowercase hex digits, and DEL and every non-ASCII character escaped. */
    private static final class AsciiEscapes extends CharacterEscapes
    {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();

        AsciiEscapes()
        {
            for (int c = 0; c < 0x20; c++)
            {
                if ("\b\f\n\r\t".indexOf(c) < 0)
                {
                    ascii[c] = CharacterEscapes.ESCAPE_CUSTOM;
                }
            }
            ascii[0x7F] = CharacterEscapes.ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii()
        {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(final int c)
        {
            return new SerializedString(String.format(Locale.ROOT, "\\u%04x", c));
        }
    }
}
