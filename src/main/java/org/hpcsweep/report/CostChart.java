package org.hpcsweep.report;

import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.labels.XYItemLabelGenerator;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code cost.png/.svg}: what each point costs against how long it takes (median time), one line per
 * series, each marker labelled with its processor count: the time-to-solution/cost trade-off at a glance.
 * Drawn only when the study names a price ({@code cost:}).
 */
public final class CostChart {

    public static final String NAME = "cost";

    static {
        // headless AWT and SVG text before the first chart (ChartStyle's static block)
        ChartStyle.init();
    }

    private CostChart() {
    }

    /** The chart, or null when no point has both a time and a cost. */
    public static JFreeChart chart(String studyName, StudyMetrics metrics) {
        if (metrics.cost() == null) {
            return null;
        }
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<SeriesKey, ScalingMetrics> e : metrics.series().entrySet()) {
            // Not sorted by x: the line runs in processor order, so a point that is both slower and dearer shows.
            XYSeries s = new XYSeries(metrics.legendName(e.getKey()), false, true);
            for (ScalingMetrics.Point p : e.getValue().points()) {
                if (p.cost() != null) {
                    s.add(p.seconds(), p.cost());
                }
            }
            if (!s.isEmpty()) {
                data.addSeries(s);
            }
        }
        if (data.getSeriesCount() == 0) {
            return null;
        }
        String currency = metrics.cost().currency() == null ? "" : " (" + metrics.cost().currency() + ")";
        JFreeChart chart = ChartFactory.createXYLineChart("Cost against time: " + studyName,
                "Median compute time T_p (s)", "Cost per run" + currency, data, PlotOrientation.VERTICAL, true, false,
                false);
        chart.addSubtitle(new TextTitle("Cost = median core-seconds / 3600 × " + metrics.cost().perCoreHour()
                + " per core-hour; labels: processors", new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        XYPlot plot = chart.getXYPlot();
        ChartStyle.whiteGrid(plot);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        List<ScalingMetrics> series = List.copyOf(metrics.series().values());
        XYItemLabelGenerator labels = (dataset, s, i) -> {
            // the i-th costed point of the series
            String key = dataset.getSeriesKey(s).toString();
            for (Map.Entry<SeriesKey, ScalingMetrics> e : metrics.series().entrySet()) {
                if (metrics.legendName(e.getKey()).equals(key)) {
                    return "p=" + e.getValue().points().stream().filter(p -> p.cost() != null).toList().get(i).procs();
                }
            }
            return "";
        };
        r.setDefaultItemLabelGenerator(labels);
        r.setDefaultItemLabelsVisible(true);
        for (int i = 0; i < Math.max(series.size(), data.getSeriesCount()); i++) {
            r.setSeriesPaint(i, ChartStyle.color(i));
            r.setSeriesStroke(i, ChartStyle.solid());
            r.setSeriesShape(i, new Ellipse2D.Double(-4, -4, 8, 8));
        }
        plot.setRenderer(r);
        return chart;
    }

    /** Writes cost.png and cost.svg; returns them (PNG first), or an empty list when there is nothing to draw. */
    public static List<Path> write(String studyName, StudyMetrics metrics, Path dir) throws IOException {
        JFreeChart chart = chart(studyName, metrics);
        if (chart == null) {
            return List.of();
        }
        Path png = dir.resolve(NAME + ".png");
        Path svg = dir.resolve(NAME + ".svg");
        ChartStyle.writePngAndSvg(chart, png, svg);
        return List.of(png, svg);
    }
}
