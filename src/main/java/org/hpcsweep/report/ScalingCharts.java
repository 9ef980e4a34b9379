package org.hpcsweep.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;

import org.hpcsweep.study.Scaling;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The three scaling charts (speedup, efficiency, compute time against processors), one line per
 * series with error bars, each written as PNG for the page and SVG for papers. Dataset 0 holds the
 * measured medians: a processor count without a time is a null there, which breaks the line (a gap),
 * never a zero. Dataset 1 holds the error bars, dataset 2 the dashed ideal and fitted curves.
 */
public final class ScalingCharts {

    public static final String SPEEDUP = "speedup";
    public static final String EFFICIENCY = "efficiency";
    public static final String COMPTIME = "comptime";
    /** Every chart, in the order the page shows them (also the default when a study names none). */
    public static final List<String> ALL = List.of(SPEEDUP, EFFICIENCY, COMPTIME);

    public static final int WIDTH = ChartStyle.WIDTH;
    public static final int HEIGHT = ChartStyle.HEIGHT;

    /** The legend name of the only series of a study without parameters. */
    static final String MEASURED = "Measured";
    static final String X_LABEL = ChartStyle.X_LABEL;
    static final String CAPTION = "Error bars: 95 % CI of the mean where n ≥ 3 repeats, else min–max. Dashed: ideal and fitted models.";

    /** Enough samples that an ideal or fitted curve looks smooth on a log axis. */
    private static final int CURVE_SAMPLES = 64;

    static {
        // headless AWT and SVG text before the first chart (ChartStyle's static block)
        ChartStyle.init();
    }

    private ScalingCharts() {
    }

    /** The y-axis label of a strong-scaling chart, e.g. "Speedup S_p = T_1/T_p". */
    public static String yLabel(String kind) {
        return yLabel(kind, Scaling.STRONG);
    }

    public static String yLabel(String kind, Scaling scaling) {
        boolean weak = scaling == Scaling.WEAK;
        return switch (kind) {
            case SPEEDUP -> weak ? "Scaled speedup S_p = p·T_1/T_p" : "Speedup S_p = T_1/T_p";
            case EFFICIENCY -> weak ? "Weak-scaling efficiency E_w = T_1/T_p" : "Efficiency E_p = T_1/(p·T_p)";
            case COMPTIME -> "Compute time T_p (s)";
            default -> throw new IllegalArgumentException("unknown chart: " + kind);
        };
    }

    /** Builds one chart of every series of the study. */
    public static JFreeChart chart(String kind, String studyName, StudyMetrics metrics) {
        if (!metrics.hasTimes()) {
            throw new IllegalArgumentException("no measured times to chart");
        }
        // Processor counts below 1 are bad input; they would put the ideal time at infinity.
        SortedSet<Integer> procs = new TreeSet<>(metrics.allProcs().tailSet(1));
        metrics.series().values().forEach(m -> m.points().forEach(p -> procs.add(p.procs())));
        Scaling scaling = metrics.scaling();
        String yLabel = yLabel(kind, scaling);
        boolean fallback = metrics.series().values().stream().anyMatch(ScalingMetrics::baselineIsFallback);
        if (SPEEDUP.equals(kind) && fallback) {
            // Without p = 1 the speedup is against the smallest successful count; say so on the axis.
            yLabel += " (T_1 estimated from the smallest p, see report)";
        }

        XYSeriesCollection measured = new XYSeriesCollection();
        YIntervalSeriesCollection bars = new YIntervalSeriesCollection();
        XYSeriesCollection curves = new XYSeriesCollection();
        boolean single = metrics.series().size() == 1;
        for (Map.Entry<SeriesKey, ScalingMetrics> e : metrics.series().entrySet()) {
            String name = metrics.legendName(e.getKey());
            ScalingMetrics m = e.getValue();
            XYSeries line = new XYSeries(name, true, false);
            YIntervalSeries bar = new YIntervalSeries(name + " (error bar)", true, false);
            for (int p : procs) {
                ScalingMetrics.Point pt = m.at(p).orElse(null);
                if (pt == null) {
                    line.add(p, null);
                    continue;
                }
                double[] v = switch (kind) {
                    case SPEEDUP -> new double[] {pt.speedup(), pt.speedupLow(), pt.speedupHigh()};
                    case EFFICIENCY -> new double[] {pt.efficiency(), pt.speedupLow() / p, pt.speedupHigh() / p};
                    default -> new double[] {pt.seconds(), pt.time().barLow(), pt.time().barHigh()};
                };
                line.add(p, v[0]);
                bar.add(p, v[0], v[1], v[2]);
            }
            measured.addSeries(line);
            bars.addSeries(bar);
            if (COMPTIME.equals(kind) && m.hasTimes()) {
                String ideal = scaling == Scaling.WEAK ? "Ideal T_1" : "Ideal T_1/p";
                curves.addSeries(curve(single ? ideal : ideal + " (" + name + ")", procs, m::idealSeconds));
            }
        }
        if (SPEEDUP.equals(kind)) {
            curves.addSeries(curve("Ideal S = p", procs, p -> p));
            for (Map.Entry<SeriesKey, ScalingMetrics> e : metrics.series().entrySet()) {
                for (ModelFit fit : e.getValue().fits()) {
                    String title = fit.model().title() + " fit";
                    curves.addSeries(curve(single ? title : title + " (" + metrics.legendName(e.getKey()) + ")",
                            procs, fit::speedup));
                }
            }
        } else if (EFFICIENCY.equals(kind)) {
            curves.addSeries(curve(scaling == Scaling.WEAK ? "Ideal E_w = 1" : "Ideal E = 1", procs, p -> 1.0));
        }

        String title = switch (kind) {
            case SPEEDUP -> scaling == Scaling.WEAK ? "Scaled speedup" : "Speedup";
            case EFFICIENCY -> scaling == Scaling.WEAK ? "Weak-scaling efficiency" : "Parallel efficiency";
            default -> "Compute time";
        } + ": " + studyName;
        JFreeChart chart = ChartFactory.createXYLineChart(title, X_LABEL, yLabel, measured,
                PlotOrientation.VERTICAL, true, false, false);
        chart.addSubtitle(new TextTitle(CAPTION, new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        XYPlot plot = chart.getXYPlot();
        ChartStyle.whiteGrid(plot);
        plot.setDataset(1, bars);
        plot.setDataset(2, curves);
        ValueAxis themed = plot.getRangeAxis();
        plot.setDomainAxis(ChartStyle.styledLike(themed, ChartStyle.xAxis(procs)));
        if (ChartStyle.logScale(procs) && !EFFICIENCY.equals(kind)) {
            // Log-log, the usual scaling plot: ideal speedup and ideal time become straight lines.
            double[] range = ChartStyle.positiveRange(List.of(measured, bars, curves));
            plot.setRangeAxis(ChartStyle.styledLike(themed, new PowerOfTwoAxis(yLabel, range[0] / 1.25, range[1] * 1.25)));
        } else {
            ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
        }
        plot.setRenderer(0, measuredRenderer(measured.getSeriesCount()));
        plot.setRenderer(1, barRenderer(bars.getSeriesCount()));
        plot.setRenderer(2, curveRenderer(curves, metrics));
        return chart;
    }

    /** Writes {@code <kind>.png} and {@code <kind>.svg} into dir; returns them, PNG first. */
    public static List<Path> write(String kind, String studyName, StudyMetrics metrics, Path dir) throws IOException {
        JFreeChart chart = chart(kind, studyName, metrics);
        Path png = dir.resolve(kind + ".png");
        Path svg = dir.resolve(kind + ".svg");
        ChartStyle.writePngAndSvg(chart, png, svg);
        return List.of(png, svg);
    }

    private static XYLineAndShapeRenderer measuredRenderer(int series) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < series; i++) {
            r.setSeriesPaint(i, ChartStyle.color(i));
            r.setSeriesStroke(i, ChartStyle.solid());
            r.setSeriesShape(i, new Ellipse2D.Double(-4, -4, 8, 8));
        }
        return r;
    }

    /** Bars only: no line, no marker, not in the legend (the caption says what they are). */
    private static XYErrorRenderer barRenderer(int series) {
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDefaultLinesVisible(false);
        r.setDefaultShapesVisible(false);
        r.setDrawXError(false);
        r.setDefaultSeriesVisibleInLegend(false);
        for (int i = 0; i < series; i++) {
            r.setSeriesPaint(i, ChartStyle.color(i));
        }
        return r;
    }

    /** Ideal lines grey, fits in their series' colour, each with its own dash pattern. */
    private static XYLineAndShapeRenderer curveRenderer(XYSeriesCollection curves, StudyMetrics metrics) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        // One path per series keeps the dash pattern running across the densely sampled curve.
        r.setDrawSeriesLineAsPath(true);
        List<String> names = metrics.series().keySet().stream().map(metrics::legendName).toList();
        for (int i = 0; i < curves.getSeriesCount(); i++) {
            String key = curves.getSeriesKey(i).toString();
            int owner = -1;
            for (int s = 0; s < names.size(); s++) {
                if (key.endsWith("(" + names.get(s) + ")")) {
                    owner = s;
                }
            }
            boolean ideal = key.startsWith("Ideal");
            r.setSeriesPaint(i, ideal && (owner < 0 || names.size() == 1) ? Color.GRAY
                    : ChartStyle.color(Math.max(owner, 0)));
            r.setSeriesStroke(i, ChartStyle.dashed(ideal ? 0 : key.startsWith("USL") ? 2 : 1));
        }
        return r;
    }

    private static XYSeries curve(String name, SortedSet<Integer> procs, DoubleUnaryOperator f) {
        XYSeries s = new XYSeries(name, true, false);
        double lo = procs.first();
        double hi = procs.last();
        if (lo == hi) {
            s.add(lo, f.applyAsDouble(lo));
            return s;
        }
        // Geometric sampling, so the curve is smooth on a log axis and exact at the measured counts.
        for (int i = 0; i <= CURVE_SAMPLES; i++) {
            double x = lo * Math.pow(hi / lo, (double) i / CURVE_SAMPLES);
            s.addOrUpdate(x, f.applyAsDouble(x));
        }
        for (int p : procs) {
            s.addOrUpdate(p, f.applyAsDouble(p));
        }
        return s;
    }
}
