package io.pagekv.cli;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Builds one pretty-printed JSON document ({@code --json} output of info, verify and stats),
 * two spaces per level. Strings are ASCII-escaped by {@link JsonText#quote}.
 *
 * <pre>{@code
 * new JsonWriter().beginObject().field("entries", 3).beginArray("files").beginObject().field("name", "meta").endObject().endArray().endObject().toString()
 * }</pre>
 *
 * <p>Not thread-safe.
 */
final class JsonWriter
{
    private final StringBuilder json = new StringBuilder();
    /** Per open object or array: whether it already holds a member. */
    private final Deque<Boolean> levels = new ArrayDeque<>();

    JsonWriter beginObject()
    {
        return open(null, '{');
    }

    JsonWriter beginObject(final String name)
    {
        return open(name, '{');
    }

    JsonWriter endObject()
    {
        return close('}');
    }

    JsonWriter beginArray(final String name)
    {
        return open(name, '[');
    }

    JsonWriter endArray()
    {
        return close(']');
    }

    JsonWriter field(final String name, final long value)
    {
        member(name).append(value);
        return this;
    }

    JsonWriter field(final String name, final boolean value)
    {
        member(name).append(value);
        return this;
    }

    JsonWriter field(final String name, final String value)
    {
        member(name).append(value == null ? "null" : JsonText.quote(value));
        return this;
    }

    private JsonWriter open(final String name, final char bracket)
    {
        member(name).append(bracket);
        levels.push(false);
        return this;
    }

    private JsonWriter close(final char bracket)
    {
        final boolean hasMembers = levels.pop();
        if (hasMembers)
        {
            newline();
        }
        json.append(bracket);
        return this;
    }

    private StringBuilder member(final String name)
    {
        if (!levels.isEmpty())
        {
            if (levels.pop())
            {
                json.append(',');
            }
            levels.push(true);
            newline();
        }
        if (name != null)
        {
            json.append(JsonText.quote(name)).append(": ");
        }
        return json;
    }

    private void newline()
    {
        json.append('\n').append("  ".repeat(levels.size()));
    }

    /**
     * @return the document, with a final newline.
     */
    @Override
    public String toString()
    {
        return json + "\n";
    }
}
