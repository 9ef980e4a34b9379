package org.hpcsweep.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a study's scaling changes from run to run (a study on a schedule runs every night): after each
 * report, draws the parallel efficiency at each point (series and processor count) across all
 * reported runs ({@code <output>/<study>/trend.png}, {@code trend.csv}), and flags points of the run
 * that got slower than in the previous run beyond both runs' noise ({@link NoiseAwareRegression}), in
 * the log and in the run's report.html.
 */
public final class StudyTrend implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger("hpcsweep.report");
    private final BiFunction<String, String, Map<String, Map<String, Map<Integer, List<Double>>>>> timesByRun;
    private final double regressionFraction;

    /**
     * @param timesByRun         for a study name and the run being reported: each run's successful times,
     *                           oldest run first, as run id → series ("n=5000", "" without parameters) →
     *                           processors → times (every repeat)
     * @param regressionFraction e.g. 0.10: the smallest median slowdown worth flagging, once it is beyond noise
     */
    public StudyTrend(BiFunction<String, String, Map<String, Map<String, Map<Integer, List<Double>>>>> timesByRun,
                      double regressionFraction) {
        this.timesByRun = timesByRun;
        this.regressionFraction = regressionFraction;
    }

    /** The body is the path of the run's report.html, written in {@code <output>/<study>/<run>/}. */
    @Override
    public void process(Exchange exchange) throws IOException, org.apache.camel.InvalidPayloadException {
        update(exchange.getMessage().getMandatoryBody(Path.class));
    }

    /** Updates the trend of the study whose run's report.html is {@code report} ({@code <output>/<study>/<run>/report.html}). */
    public void update(Path report) throws IOException {
        Path studyDir = report.getParent().getParent();
        String study = studyDir.getFileName().toString();
        String runId = report.getParent().getFileName().toString();
        Map<String, Map<String, Map<Integer, List<Double>>>> times = timesByRun.apply(study, runId);
        Map<String, Map<String, Double>> efficiency = efficiencies(times);
        if (efficiency.isEmpty()) {
            return;
        }
        writeCsv(efficiency, studyDir.resolve("trend.csv"));
        if (efficiency.size() >= 2) {
            writeChart(study, efficiency, studyDir.resolve("trend.png"));
        }
        NoiseAwareRegression.Findings findings = times.containsKey(runId) ? findings(times, runId) : null;
        if (findings != null) {
            findings.regressions().forEach(r -> LOG.warn("study {} run {}: regression beyond noise: {}", study, runId, r));
        }
        appendToReport(report, efficiency.size(), findings);
    }

    /** The reported run against the run before it, or null when it is the first. */
    NoiseAwareRegression.Findings findings(Map<String, Map<String, Map<Integer, List<Double>>>> times, String runId) {
        List<String> runs = new ArrayList<>(times.keySet());
        int i = runs.indexOf(runId);
        if (i < 1) {
            return null;
        }
        return NoiseAwareRegression.compare(times.get(runs.get(i - 1)), times.get(runId), regressionFraction);
    }

    /** Efficiency E_p = p0 T_p0 / (p T_p) (medians) of each run and point, within each series against its smallest p. */
    static Map<String, Map<String, Double>> efficiencies(Map<String, Map<String, Map<Integer, List<Double>>>> times) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        times.forEach((run, bySeries) -> {
            Map<String, Double> e = new LinkedHashMap<>();
            bySeries.forEach((series, byProcs) -> {
                if (byProcs.isEmpty()) {
                    return;
                }
                int p0 = new TreeSet<>(byProcs.keySet()).first();
                double t1 = p0 * SampleStats.median(byProcs.get(p0));
                new java.util.TreeMap<>(byProcs).forEach((p, ts) ->
                        e.put(pointName(series, p), t1 / (p * SampleStats.median(ts))));
            });
            if (!e.isEmpty()) {
                out.put(run, e);
            }
        });
        return out;
    }

    static String pointName(String series, int procs) {
        return (series == null || series.isEmpty() ? "" : series + ", ") + "p = " + procs;
    }

    private static void writeCsv(Map<String, Map<String, Double>> efficiency, Path file) throws IOException {
        StringBuilder csv = new StringBuilder("run_id,point,efficiency\n");
        efficiency.forEach((run, byPoint) -> byPoint.forEach((point, e) -> csv.append(run).append(',')
                .append(ResultsCsv.quote(point)).append(',').append(Double.toString(e)).append('\n')));
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }

    private static void writeChart(String study, Map<String, Map<String, Double>> efficiency, Path file) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        List<String> points = new ArrayList<>();
        efficiency.values().forEach(e -> e.keySet().stream().filter(k -> !points.contains(k)).forEach(points::add));
        for (String point : points) {
            XYSeries series = new XYSeries(point);
            int run = 1;
            for (Map<String, Double> e : efficiency.values()) {
                if (e.containsKey(point)) {
                    series.add(run, e.get(point));
                }
                run++;
            }
            data.addSeries(series);
        }
        NumberAxis x = new NumberAxis("Run (oldest first)");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis y = new NumberAxis("Efficiency E_p (median times)");
        y.setAutoRangeIncludesZero(true);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        for (int i = 0; i < points.size(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        JFreeChart chart = new JFreeChart(study + ": efficiency across runs", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, ScalingCharts.WIDTH, ScalingCharts.HEIGHT);
    }

    private static void appendToReport(Path report, int runs, NoiseAwareRegression.Findings findings) throws IOException {
        StringBuilder section = new StringBuilder("<h2>Trend across runs</h2>\n<p>");
        section.append(runs).append(" reported run").append(runs == 1 ? "" : "s").append(" of this study");
        section.append(runs >= 2 ? "; efficiency per run in <a href=\"../trend.png\">trend.png</a> and <a href=\"../trend.csv\">trend.csv</a>." : ".");
        section.append("</p>\n");
        if (findings != null) {
            section.append("<p>").append(ReportPage.esc(Methods.REGRESSION)).append("</p>\n");
            if (!findings.regressions().isEmpty()) {
                section.append("<p style=\"color:#b00020;font-weight:600\">Slower than the previous run beyond noise:</p>\n<ul>\n");
                findings.regressions().forEach(r -> section.append("<li>").append(ReportPage.esc(r)).append("</li>\n"));
                section.append("</ul>\n");
            } else if (findings.undecided().isEmpty()) {
                section.append("<p>No point got slower beyond the noise of the two runs.</p>\n");
            }
            if (!findings.undecided().isEmpty()) {
                section.append("<p>Not enough repeats to tell (a point needs 3 repeats in both runs to be judged):</p>\n<ul>\n");
                findings.undecided().forEach(r -> section.append("<li>").append(ReportPage.esc(r)).append("</li>\n"));
                section.append("</ul>\n");
            }
        }
        String html = Files.readString(report, StandardCharsets.UTF_8);
        int end = html.lastIndexOf("</body>");
        Files.writeString(report, end < 0 ? html + section : html.substring(0, end) + section + html.substring(end), StandardCharsets.UTF_8);
    }
}
