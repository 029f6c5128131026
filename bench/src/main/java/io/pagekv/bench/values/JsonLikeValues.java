package io.pagekv.bench.values;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Compressible values shaped like the JSON documents applications keep in a store: records with
 * repeated field names, short words from a small vocabulary and numbers. Deterministic by seed.
 */
public final class JsonLikeValues
{
    private static final String[] WORDS = {
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
        "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"};

    private JsonLikeValues()
    {
    }

    /**
     * @param seed   which value.
     * @param length its length in bytes (ASCII).
     * @return a JSON-like document of exactly {@code length} bytes.
     */
    public static byte[] value(final long seed, final int length)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final StringBuilder json = new StringBuilder(length + 128).append("{\"id\":").append(seed).append(",\"items\":[");
        int item = 0;
        while (json.length() < length)
        {
            json.append(item++ == 0 ? "" : ",").append("{\"name\":\"").append(WORDS[random.nextInt(WORDS.length)])
                .append(' ').append(WORDS[random.nextInt(WORDS.length)]).append("\",\"qty\":").append(random.nextInt(1000))
                .append(",\"price\":").append(random.nextInt(100000) / 100.0).append(",\"tags\":[\"")
                .append(WORDS[random.nextInt(WORDS.length)]).append("\"]}");
        }
        json.setLength(length - 2);
        json.append("]}");
        return json.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
