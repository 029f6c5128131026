package io.pagekv.bench.report;

import io.pagekv.bench.kv.Engine;

import java.util.Locale;

/**
 * Draws the results table as an SVG bar chart: one group per workload, one bar per engine,
 * scaled to the fastest engine of the group (the units differ between workloads), with the
 * error as a whisker (cut at the fastest engine's rate) and the figure as text beside the bars. The machine limit is written in the group's title.
 */
final class SvgChart
{
    private static final String[] COLORS = {"#d9480f", "#1c7ed6", "#37b24d", "#7048e8", "#f59f00", "#495057"};
    private static final int WIDTH = 980;
    private static final int LABEL_X = 12;
    private static final int BAR_X = 130;
    private static final int BAR_WIDTH = 600;
    private static final int FIGURE_X = BAR_X + BAR_WIDTH + 12;
    private static final int BAR_HEIGHT = 12;
    private static final int BAR_STEP = 16;
    private static final int TITLE_HEIGHT = 22;
    private static final int GROUP_GAP = 14;
    private static final int TOP = 78;

    private SvgChart()
    {
    }

    /**
     * @param table    the figures.
     * @param subtitle what run, on what machine: two lines.
     * @return the SVG document.
     */
    static String render(final ResultTable table, final String[] subtitle)
    {
        final Engine[] engines = Engine.values();
        int groups = 0;
        for (final Workload workload : Workload.values())
        {
            groups += table.hasAny(workload) ? 1 : 0;
        }
        final int groupHeight = TITLE_HEIGHT + engines.length * BAR_STEP + GROUP_GAP;
        final int height = TOP + groups * groupHeight + 10;
        final StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" " +
            "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">%n", WIDTH, height, WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        text(svg, LABEL_X, 20, "pagekv and its peers: throughput per workload, bars relative to the fastest engine (higher is better)", "bold", 14, "#000");
        text(svg, LABEL_X, 37, subtitle[0], "normal", 11, "#555");
        text(svg, LABEL_X, 51, subtitle[1], "normal", 11, "#555");
        int x = LABEL_X;
        for (int i = 0; i < engines.length; i++)
        {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"60\" width=\"10\" height=\"10\" fill=\"%s\"/>%n", x, COLORS[i]));
            text(svg, x + 14, 69, engines[i].id(), "normal", 11, "#000");
            x += 24 + 7 * engines[i].id().length();
        }
        int y = TOP;
        for (final Workload workload : Workload.values())
        {
            if (table.hasAny(workload))
            {
                group(svg, table, workload, y);
                y += groupHeight;
            }
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void group(final StringBuilder svg, final ResultTable table, final Workload workload, final int top)
    {
        final Figure limit = table.figure(workload, ResultTable.LIMIT);
        final String title = workload.title() + " (" + workload.unit() + ")" +
            (limit == null ? "" : "   machine limit: " + Numbers.compact(limit.value()) + " " + workload.unit());
        text(svg, LABEL_X, top + 15, title, "bold", 12, "#000");
        final double best = table.bestEngineRate(workload);
        final Engine[] engines = Engine.values();
        for (int i = 0; i < engines.length; i++)
        {
            final int y = top + TITLE_HEIGHT + i * BAR_STEP;
            text(svg, LABEL_X + 8, y + BAR_HEIGHT - 2, engines[i].id(), "normal", 11, "#333");
            final Figure figure = table.figure(workload, engines[i].id());
            if (figure == null)
            {
                final String why = workload.unsupported(engines[i]);
                text(svg, BAR_X + 4, y + BAR_HEIGHT - 2, why == null ? "no result" : "n/a: " + why, "normal", 11, "#868e96");
                continue;
            }
            final double length = best <= 0 ? 0 : BAR_WIDTH * figure.value() / best;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                BAR_X, y, Math.max(1, length), BAR_HEIGHT, COLORS[i]));
            if (!Double.isNaN(figure.error()) && best > 0)
            {
                // The whisker is cut at the edge of the bar area, so that wide errors never cover the figures.
                final double low = BAR_X + BAR_WIDTH * Math.max(0, figure.value() - figure.error()) / best;
                final double high = BAR_X + BAR_WIDTH * Math.min(best, figure.value() + figure.error()) / best;
                svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\" stroke-opacity=\"0.6\" stroke-width=\"1\"/>%n",
                    low, y + BAR_HEIGHT / 2, high, y + BAR_HEIGHT / 2));
            }
            text(svg, FIGURE_X, y + BAR_HEIGHT - 2, Numbers.withError(figure), "normal", 11, "#000");
        }
    }

    private static void text(final StringBuilder svg, final int x, final int y, final String text, final String weight, final int size, final String color)
    {
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"%s\" font-size=\"%d\" fill=\"%s\">%s</text>%n",
            x, y, weight, size, color, escape(text)));
    }

    private static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
