package io.pagekv.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The numbered notes under one table: a cell cites a note by its number, a text given twice
 * gets one number.
 */
final class Footnotes
{
    private final List<String> notes = new ArrayList<>();

    /**
     * @param text the note.
     * @return its citation, for example {@code (2)}.
     */
    String cite(final String text)
    {
        int index = notes.indexOf(text);
        if (index < 0)
        {
            notes.add(text);
            index = notes.size() - 1;
        }
        return "(" + (index + 1) + ")";
    }

    /**
     * @param page where the numbered list goes, after a blank line; nothing if no note was cited.
     */
    void appendTo(final StringBuilder page)
    {
        for (int i = 0; i < notes.size(); i++)
        {
            page.append(i == 0 ? "\n" : "").append(i + 1).append(". ").append(notes.get(i)).append('\n');
        }
    }
}
