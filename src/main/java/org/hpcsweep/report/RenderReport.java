package org.hpcsweep.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.hpcsweep.study.JobOutcome;
import org.hpcsweep.study.StudyOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The report step of a study route: body in is a {@link StudyOutcome}, body out is the
 * {@link Path} of {@code report.html}. Writes, into the outcome's {@code outputDir}: the charts
 * the study asks for (PNG and SVG; one line per series), the cost chart when the study names a price,
 * {@code results.csv}, {@code results.json} and the page.
 * The CSV, JSON and page are always written, even when no job produced a time.
 */
public class RenderReport implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RenderReport.class);

    @Override
    public void process(Exchange exchange) throws Exception {
        StudyOutcome outcome = exchange.getIn().getMandatoryBody(StudyOutcome.class);
        exchange.getIn().setBody(render(outcome));
    }

    /** Writes the whole report and returns the page's path. */
    public Path render(StudyOutcome outcome) throws IOException {
        if (outcome.outputDir() == null) {
            throw new IllegalArgumentException("study outcome has no output directory");
        }
        Path dir = Files.createDirectories(outcome.outputDir());
        List<JobOutcome> jobs = outcome.jobs() == null ? List.of() : outcome.jobs();
        StudyMetrics metrics = StudyMetrics.of(outcome);
        List<ResultRow> rows = ResultRow.of(jobs, metrics);
        String name = outcome.studyName() == null ? "" : outcome.studyName();

        List<String> drawn = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> asked = chartsAsked(outcome.charts(), notes);
        if (!metrics.hasTimes()) {
            if (!asked.isEmpty()) {
                notes.add("No charts: no job produced a measured time.");
            }
        } else {
            for (String kind : asked) {
                draw(kind, outcome, drawn, notes, () -> ScalingCharts.write(kind, name, metrics, dir));
            }
            if (outcome.cost() != null) {
                draw(CostChart.NAME, outcome, drawn, notes, () -> CostChart.write(name, metrics, dir));
            }
        }

        removeStaleCharts(dir, drawn);
        ResultsCsv.write(dir, metrics.parameters(), rows);
        ResultsJson.write(dir, outcome, metrics, rows);
        return ReportPage.write(dir, new ReportPage.Contents(outcome, metrics, rows, drawn, notes));
    }

    private interface ChartWriter {
        List<Path> write() throws IOException;
    }

    private static void draw(String kind, StudyOutcome outcome, List<String> drawn, List<String> notes,
                             ChartWriter writer) {
        try {
            if (!writer.write().isEmpty()) {
                drawn.add(kind);
            }
        } catch (IOException | RuntimeException e) {
            // A chart that cannot be drawn (fonts, disk) must not cost the user the table and the CSV.
            LOG.warn("Could not draw the {} chart of study {}", kind, outcome.studyName(), e);
            notes.add("The " + kind + " chart could not be drawn: " + e);
        }
    }

    /**
     * A rerun into the same directory must not leave last run's charts beside a page that says
     * they were not drawn; only our own file names are touched.
     */
    private static void removeStaleCharts(Path dir, List<String> drawn) throws IOException {
        List<String> ours = new ArrayList<>(ScalingCharts.ALL);
        ours.add(CostChart.NAME);
        for (String kind : ours) {
            if (!drawn.contains(kind)) {
                Files.deleteIfExists(dir.resolve(kind + ".png"));
                Files.deleteIfExists(dir.resolve(kind + ".svg"));
            }
        }
    }

    /** The known chart names asked for, in the page's order; null means the default, all three. */
    static List<String> chartsAsked(List<String> charts, List<String> notes) {
        if (charts == null) {
            return ScalingCharts.ALL;
        }
        List<String> asked = new ArrayList<>();
        for (String c : charts) {
            String kind = c == null ? "" : c.trim().toLowerCase(java.util.Locale.ROOT);
            if (!ScalingCharts.ALL.contains(kind)) {
                notes.add("Unknown chart \"" + c + "\" ignored (known: " + String.join(", ", ScalingCharts.ALL) + ").");
            }
        }
        for (String kind : ScalingCharts.ALL) {
            if (charts.stream().anyMatch(c -> c != null && kind.equals(c.trim().toLowerCase(java.util.Locale.ROOT)))) {
                asked.add(kind);
            }
        }
        return asked;
    }
}
