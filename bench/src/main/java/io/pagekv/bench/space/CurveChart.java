package io.pagekv.bench.space;

import java.util.List;
import java.util.Locale;

/**
 * Draws the curves as an SVG line chart: disk MiB (y, on a logarithmic scale: the engines differ
 * by orders of magnitude) over the data overwritten since the load, in multiples of the live
 * data (x), one coloured line per contender, with a dashed line at the live data itself.
 */
final class CurveChart
{
    private static final String[] COLORS = {"#d9480f", "#1c7ed6", "#37b24d", "#7048e8", "#495057", "#f59f00"};
    private static final int WIDTH = 900;
    private static final int HEIGHT = 460;
    private static final int LEFT = 70;
    private static final int RIGHT = 200;
    private static final int TOP = 60;
    private static final int BOTTOM = 50;
    private static final double MIB = 1 << 20;

    private CurveChart()
    {
    }

    static String render(final List<Curve> curves, final String subtitle)
    {
        final double live = curves.get(0).liveBytes();
        double maxX = 1;
        double maxMiB = live / MIB;
        double minMiB = live / MIB;
        for (final Curve curve : curves)
        {
            for (final Curve.Sample sample : curve.samples())
            {
                maxX = Math.max(maxX, sample.overwritten() / live);
                maxMiB = Math.max(maxMiB, sample.disk() / MIB);
                minMiB = Math.min(minMiB, sample.disk() / MIB);
            }
        }
        final int lowDecade = (int)Math.floor(Math.log10(minMiB));
        final int highDecade = Math.max(lowDecade + 1, (int)Math.ceil(Math.log10(maxMiB)));
        final int plotWidth = WIDTH - LEFT - RIGHT;
        final int plotHeight = HEIGHT - TOP - BOTTOM;
        final StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" " +
            "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        text(svg, 12, 20, "Disk bytes over overwritten bytes: random overwrites of a fixed set of live entries (lower is better)", "bold", 14, "start");
        text(svg, 12, 38, subtitle, "normal", 11, "start");
        for (int decade = lowDecade; decade <= highDecade; decade++)
        {
            final double y = y(Math.pow(10, decade), lowDecade, highDecade, plotHeight);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#dee2e6\"/>%n", LEFT, y, LEFT + plotWidth, y));
            text(svg, LEFT - 6, (int)y + 4, decade >= 0 ? String.format(Locale.ROOT, "%,.0f", Math.pow(10, decade)) : String.valueOf(Math.pow(10, decade)),
                "normal", 11, "end");
        }
        final int xTicks = (int)Math.ceil(maxX);
        final int xStep = Math.max(1, xTicks / 10);
        for (int i = 0; i <= xTicks; i += xStep)
        {
            final double x = LEFT + plotWidth * i / maxX;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#dee2e6\"/>%n", x, TOP, x, TOP + plotHeight));
            text(svg, (int)x, TOP + plotHeight + 16, i + "×", "normal", 11, "middle");
        }
        text(svg, LEFT + plotWidth / 2, HEIGHT - 10, "data overwritten since the load, in multiples of the live data", "normal", 12, "middle");
        svg.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" font-size=\"12\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\">disk (du), MiB</text>%n",
            TOP + plotHeight / 2, TOP + plotHeight / 2));
        final double liveY = y(live / MIB, lowDecade, highDecade, plotHeight);
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#000\" stroke-dasharray=\"4 4\"/>%n",
            LEFT, liveY, LEFT + plotWidth, liveY));
        text(svg, LEFT + plotWidth + 8, (int)liveY + 4, "live data", "normal", 11, "start");
        for (int c = 0; c < curves.size(); c++)
        {
            final StringBuilder points = new StringBuilder();
            for (final Curve.Sample sample : curves.get(c).samples())
            {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + plotWidth * (sample.overwritten() / live) / maxX,
                    y(sample.disk() / MIB, lowDecade, highDecade, plotHeight)));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                COLORS[c % COLORS.length], points.toString().trim()));
            final int legendY = TOP + 10 + c * 18;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"4\" fill=\"%s\"/>%n",
                LEFT + plotWidth + 8, legendY + 20, COLORS[c % COLORS.length]));
            text(svg, LEFT + plotWidth + 28, legendY + 26, curves.get(c).contender().label(), "normal", 11, "start");
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** @return the chart's y for a figure in MiB, on the logarithmic scale from 10^low to 10^high. */
    private static double y(final double mib, final int lowDecade, final int highDecade, final int plotHeight)
    {
        return TOP + plotHeight - plotHeight * (Math.log10(mib) - lowDecade) / (highDecade - lowDecade);
    }

    private static void text(final StringBuilder svg, final int x, final int y, final String text, final String weight, final int size, final String anchor)
    {
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"%s\" font-size=\"%d\" text-anchor=\"%s\">%s</text>%n",
            x, y, weight, size, anchor, text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")));
    }
}
