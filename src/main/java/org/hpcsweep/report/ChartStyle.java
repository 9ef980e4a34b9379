package org.hpcsweep.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedSet;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.text.TextUtils;
import org.jfree.data.xy.XYDataset;
import org.jfree.svg.SVGGraphics2D;

/** What all report charts share: colours, dash patterns, axes, and writing PNG plus SVG. */
final class ChartStyle {

    static final int WIDTH = 800;
    static final int HEIGHT = 600;
    static final String X_LABEL = "Processors";

    /** Beyond this ratio of largest to smallest p a linear axis squashes the small counts together. */
    private static final int LOG_AXIS_SPAN = 8;

    /** One colour per series (tab10), repeated beyond ten. */
    private static final Color[] PALETTE = {new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C),
        new Color(0xD62728), new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F),
        new Color(0xBCBD22), new Color(0x17BECF)};

    static {
        // The service runs on servers without a display; AWT must not try to open one.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        // Draw rotated text (the y-axis label) with drawString rather than as glyph outlines, so it
        // is real text in the SVG. The workaround was for rotated-text bugs of JDKs long gone.
        TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    private ChartStyle() {
    }

    /** Does nothing but load this class, so the static block above runs before any chart is made. */
    static void init() {
        // the static initializer is the point
    }

    static Color color(int series) {
        return PALETTE[series % PALETTE.length];
    }

    static BasicStroke solid() {
        return new BasicStroke(2.0f);
    }

    /** Dashed; pattern 0 for ideal lines, 1 and 2 for the headline model and USL. */
    static BasicStroke dashed(int pattern) {
        float[][] dashes = {{6f, 6f}, {10f, 4f}, {2f, 4f}};
        return new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dashes[pattern % 3], 0f);
    }

    static void writePngAndSvg(JFreeChart chart, Path png, Path svgFile) throws IOException {
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
        SVGGraphics2D svg = new SVGGraphics2D(WIDTH, HEIGHT);
        chart.draw(svg, new Rectangle(0, 0, WIDTH, HEIGHT));
        Files.writeString(svgFile, svg.getSVGDocument());
    }

    static void whiteGrid(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
    }

    /** Axes made here miss the chart theme's fonts; copy them from an axis the factory made. */
    static ValueAxis styledLike(ValueAxis themed, ValueAxis axis) {
        axis.setLabelFont(themed.getLabelFont());
        axis.setLabelPaint(themed.getLabelPaint());
        axis.setTickLabelFont(themed.getTickLabelFont());
        axis.setTickLabelPaint(themed.getTickLabelPaint());
        return axis;
    }

    /** True when the processor counts span so much that a linear axis would squash the small ones. */
    static boolean logScale(SortedSet<Integer> procs) {
        return procs.first() >= 1 && procs.last() >= LOG_AXIS_SPAN * procs.first();
    }

    static ValueAxis xAxis(SortedSet<Integer> procs) {
        int lo = procs.first();
        int hi = procs.last();
        if (logScale(procs)) {
            return new PowerOfTwoAxis(X_LABEL, lo / 1.25, hi * 1.25);
        }
        NumberAxis axis = new NumberAxis(X_LABEL);
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        double pad = Math.max(0.5, (hi - lo) * 0.05);
        axis.setRange(Math.max(0, lo - pad), hi + pad);
        return axis;
    }

    /** Smallest and largest positive y of all plotted points (and error-bar ends) of the datasets. */
    static double[] positiveRange(List<XYDataset> datasets) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (XYDataset data : datasets) {
            for (int s = 0; s < data.getSeriesCount(); s++) {
                for (int i = 0; i < data.getItemCount(s); i++) {
                    double[] ys = data instanceof org.jfree.data.xy.IntervalXYDataset ix
                            ? new double[] {ix.getStartYValue(s, i), ix.getEndYValue(s, i)}
                            : new double[] {data.getYValue(s, i)};
                    for (double y : ys) {
                        if (Double.isFinite(y) && y > 0) {
                            lo = Math.min(lo, y);
                            hi = Math.max(hi, y);
                        }
                    }
                }
            }
        }
        return new double[] {lo, hi};
    }
}
