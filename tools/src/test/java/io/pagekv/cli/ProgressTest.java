package io.pagekv.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The progress line: drawn in place, erased at the end, silent when nobody watches.
 */
class ProgressTest
{
    @Test
    void redrawsOneLineInPlaceAndErasesIt()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Progress progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), "loading", "entries", 200, 0))
        {
            progress.update(50);
            progress.update(100);
        }
        final String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(drawn.startsWith("\rloading: 50 of 200 entries (25.0%), "), drawn);
        assertTrue(drawn.contains("\rloading: 100 of 200 entries (50.0%), "), drawn);
        assertTrue(drawn.endsWith("\r"), drawn);
        assertEquals(-1, drawn.indexOf('\n'), "never a new line");
    }

    @Test
    void countsWithoutTotal()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Progress progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), "checking", "pages", 0, 0))
        {
            progress.update(12_345);
        }
        assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith("\rchecking: 12,345 pages, "));
    }

    @Test
    void drawsNothingWhenNotInteractive()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final Streams streams = new Streams(System.in, new ByteArrayOutputStream(), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        try (Progress progress = Progress.start(streams, "loading", "entries", 10))
        {
            progress.update(5);
        }
        assertEquals(0, err.size());
    }
}
