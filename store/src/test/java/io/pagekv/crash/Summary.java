package io.pagekv.crash;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one battery run, printed as one line: {@code [battery] name: key=value ...}.
 * Public for the tools' tests, which reach it through the store's test-jar.
 */
public final class Summary
{
    private final String name;
    private final Map<String, Object> figures = new LinkedHashMap<>();

    public Summary(final String name)
    {
        this.name = name;
    }

    public synchronized Summary add(final String key, final long delta)
    {
        figures.merge(key, delta, (a, b) -> (Long)a + (Long)b);
        return this;
    }

    synchronized Summary set(final String key, final Object value)
    {
        figures.put(key, value);
        return this;
    }

    synchronized long get(final String key)
    {
        final Object value = figures.get(key);
        return value instanceof Long ? (Long)value : 0;
    }

    synchronized String line()
    {
        final StringBuilder sb = new StringBuilder("[battery] ").append(name).append(':');
        figures.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }

    public void print()
    {
        System.out.println(line());
        System.out.flush();
    }
}
