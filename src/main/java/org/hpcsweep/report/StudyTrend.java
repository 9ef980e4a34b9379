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
import java.util.Locale;
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
 * report, draws the parallel efficiency at each processor count across all reported runs
 * ({@code <output>/<study>/trend.png}, {@code trend.csv}), and flags a run whose efficiency at any
 * processor count fell more than the configured share below the previous run's, in the log and in
 * the run's report.html.
 */
public final class StudyTrend implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger("hpcsweep.report");
    private final BiFunction<String, String, Map<String, Map<Integer, List<Double>>>> timesByRun;
    private final double regressionFraction;

    /**
     * @param timesByRun         for a study name and the run being reported: each run's times by processor count, oldest first
     * @param regressionFraction e.g. 0.10: a drop of more than 10 % of the previous efficiency is flagged
     */
    public StudyTrend(BiFunction<String, String, Map<String, Map<Integer, List<Double>>>> timesByRun, double regressionFraction) {
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
        Map<String, Map<Integer, Double>> efficiency = efficiencies(timesByRun.apply(study, runId));
        if (efficiency.isEmpty()) {
            return;
        }
        writeCsv(efficiency, studyDir.resolve("trend.csv"));
        if (efficiency.size() >= 2) {
            writeChart(study, efficiency, studyDir.resolve("trend.png"));
        }
        List<String> regressions = regressions(efficiency);
        if (!regressions.isEmpty() && efficiency.containsKey(runId)) {
            regressions.forEach(r -> LOG.warn("study {} run {}: efficiency regression: {}", study, runId, r));
        }
        appendToReport(report, efficiency.size(), efficiency.containsKey(runId) ? regressions : List.of());
    }

    /** Efficiency E_p = p0 T_p0 / (p T_p) of each run, relative to that run's smallest p. */
    static Map<String, Map<Integer, Double>> efficiencies(Map<String, Map<Integer, List<Double>>> times) {
        Map<String, Map<Integer, Double>> out = new LinkedHashMap<>();
        times.forEach((run, byProcs) -> {
            if (byProcs.isEmpty()) {
                return;
            }
            int p0 = byProcs.keySet().iterator().next();
            double t1 = p0 * median(byProcs.get(p0));
            Map<Integer, Double> e = new LinkedHashMap<>();
            byProcs.forEach((p, ts) -> e.put(p, t1 / (p * median(ts))));
            out.put(run, e);
        });
        return out;
    }

    /** What fell more than the allowed share from the previous run to the last one. */
    List<String> regressions(Map<String, Map<Integer, Double>> efficiency) {
        List<String> found = new ArrayList<>();
        if (efficiency.size() < 2) {
            return found;
        }
        List<Map<Integer, Double>> runs = new ArrayList<>(efficiency.values());
        Map<Integer, Double> previous = runs.get(runs.size() - 2);
        Map<Integer, Double> last = runs.get(runs.size() - 1);
        last.forEach((p, e) -> {
            Double before = previous.get(p);
            if (before != null && e < before * (1 - regressionFraction)) {
                found.add(String.format(Locale.ROOT, "p = %d: efficiency %.3f, was %.3f in the previous run (-%.0f %%)",
                        p, e, before, 100 * (1 - e / before)));
            }
        });
        return found;
    }

    private static void writeCsv(Map<String, Map<Integer, Double>> efficiency, Path file) throws IOException {
        StringBuilder csv = new StringBuilder("run_id,procs,efficiency\n");
        efficiency.forEach((run, byProcs) -> byProcs.forEach((p, e) -> csv.append(run).append(',').append(p).append(',')
                .append(Double.toString(e)).append('\n')));
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }

    private static void writeChart(String study, Map<String, Map<Integer, Double>> efficiency, Path file) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        TreeSet<Integer> procs = new TreeSet<>();
        efficiency.values().forEach(e -> procs.addAll(e.keySet()));
        for (int p : procs) {
            XYSeries series = new XYSeries("p = " + p);
            int run = 1;
            for (Map<Integer, Double> e : efficiency.values()) {
                if (e.containsKey(p)) {
                    series.add(run, e.get(p));
                }
                run++;
            }
            data.addSeries(series);
        }
        NumberAxis x = new NumberAxis("Run (oldest first)");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis y = new NumberAxis("Efficiency E_p");
        y.setAutoRangeIncludesZero(true);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        for (int i = 0; i < procs.size(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        JFreeChart chart = new JFreeChart(study + ": efficiency across runs", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, ScalingCharts.WIDTH, ScalingCharts.HEIGHT);
    }

    private static void appendToReport(Path report, int runs, List<String> regressions) throws IOException {
        StringBuilder section = new StringBuilder("<h2>Trend across runs</h2>\n<p>");
        section.append(runs).append(" reported run").append(runs == 1 ? "" : "s").append(" of this study");
        section.append(runs >= 2 ? "; efficiency per run in <a href=\"../trend.png\">trend.png</a> and <a href=\"../trend.csv\">trend.csv</a>." : ".");
        section.append("</p>\n");
        if (!regressions.isEmpty()) {
            section.append("<p style=\"color:#b00020;font-weight:600\">Regression against the previous run:</p>\n<ul>\n");
            regressions.forEach(r -> section.append("<li>").append(ReportPage.esc(r)).append("</li>\n"));
            section.append("</ul>\n");
        }
        String html = Files.readString(report, StandardCharsets.UTF_8);
        int end = html.lastIndexOf("</body>");
        Files.writeString(report, end < 0 ? html + section : html.substring(0, end) + section + html.substring(end), StandardCharsets.UTF_8);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
