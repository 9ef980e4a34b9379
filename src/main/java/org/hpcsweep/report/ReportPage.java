package org.hpcsweep.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.hpcsweep.study.JobOutcome;
import org.hpcsweep.study.Scaling;
import org.hpcsweep.study.StudyOutcome;

/**
 * {@code report.html}: one self-contained page (inline CSS, no scripts, no external resources)
 * that only refers to the chart images written beside it. Every piece of user or platform text is
 * HTML-escaped: study names, reasons and the study file are not to be trusted as markup.
 */
public final class ReportPage {

    public static final String FILE_NAME = "report.html";

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1100px;\
            padding:0 1rem;color:#222;line-height:1.45}
            h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
            .meta{color:#555;margin:0}.summary{font-size:1.1rem;font-weight:600}
            .ok{color:#1a7f37}.bad{color:#b42318}.note{background:#fff8e1;border-left:4px solid #f0b400;padding:.4rem .8rem}
            figure{margin:1rem 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
            figcaption{font-size:.9rem;color:#555}
            table{border-collapse:collapse;font-size:.9rem;width:100%}th,td{border:1px solid #ddd;padding:.25rem .5rem}
            th{background:#f5f5f5;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
            tr.failed td{background:#fdecea}
            pre{background:#f6f8fa;padding:1rem;overflow:auto;border:1px solid #eee}
            dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
            """;

    private static final MathContext DISPLAY_DIGITS = new MathContext(4, RoundingMode.HALF_EVEN);

    private ReportPage() {
    }

    /**
     * What the page needs besides the study.
     *
     * @param chartsDrawn   charts written beside the page (PNG and SVG), in display order
     * @param chartNotes    why asked-for charts are missing (no times, unknown name, drawing failed)
     */
    public record Contents(StudyOutcome study, StudyMetrics metrics, List<ResultRow> rows, List<String> chartsDrawn,
                           List<String> chartNotes) {
    }

    public static Path write(Path dir, Contents contents) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        Files.writeString(file, html(contents), StandardCharsets.UTF_8);
        return file;
    }

    public static String html(Contents c) {
        StudyOutcome study = c.study();
        StudyMetrics m = c.metrics();
        List<JobOutcome> jobs = study.jobs() == null ? List.of() : study.jobs();
        String name = study.studyName() == null ? "(unnamed study)" : study.studyName();
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Scaling report: ").append(esc(name)).append("</title>\n<style>\n").append(CSS)
                .append("</style>\n</head>\n<body>\n");
        h.append("<h1>Scaling report: ").append(esc(name)).append("</h1>\n");

        h.append("<dl class=\"meta\">\n");
        meta(h, "Run", study.runId());
        meta(h, "Platform", study.platformUrl());
        meta(h, "Started", study.started() == null ? null : study.started().truncatedTo(ChronoUnit.SECONDS).toString());
        meta(h, "Finished", study.finished() == null ? null : study.finished().truncatedTo(ChronoUnit.SECONDS).toString());
        if (study.started() != null && study.finished() != null) {
            meta(h, "Wall time", wallTime(Duration.between(study.started(), study.finished())));
        }
        meta(h, "Scaling", m.scaling() == Scaling.WEAK ? "weak (the problem grows with p)" : "strong (same problem on more p)");
        meta(h, "Series", m.parameters().isEmpty() ? "one (no parameters besides processors)"
                : m.series().size() + ", one per combination of " + String.join(", ", m.parameters()));
        h.append("</dl>\n");

        long succeeded = jobs.stream().filter(ScalingMetrics::counts).count();
        h.append("<p class=\"summary ").append(succeeded == jobs.size() && !jobs.isEmpty() ? "ok" : "bad").append("\">")
                .append(succeeded).append('/').append(jobs.size()).append(" jobs succeeded with a measured time.</p>\n");
        notes(h, m);

        h.append("<h2>Charts</h2>\n");
        for (String note : c.chartNotes()) {
            h.append("<p class=\"note\">").append(esc(note)).append("</p>\n");
        }
        for (String kind : c.chartsDrawn()) {
            boolean cost = CostChart.NAME.equals(kind);
            String label = cost ? "Cost per run against median compute time" : ScalingCharts.yLabel(kind, m.scaling())
                    + " against processors";
            h.append("<figure><img src=\"").append(esc(kind)).append(".png\" width=\"").append(ScalingCharts.WIDTH)
                    .append("\" height=\"").append(ScalingCharts.HEIGHT).append("\" alt=\"").append(esc(label))
                    .append("\"><figcaption>").append(esc(label)).append(m.series().size() > 1 ? ", one line per series" : "")
                    .append(cost ? "; labels: processors" : ". " + Methods.ERROR_BARS + " Dashed: ideal"
                            + (ScalingCharts.SPEEDUP.equals(kind) ? " and the fitted models" : "") + ".")
                    .append(" Vector version: <a href=\"").append(esc(kind)).append(".svg\">").append(esc(kind))
                    .append(".svg</a></figcaption></figure>\n");
        }

        if (m.hasTimes()) {
            FitSection.append(h, m);
            PointTable.append(h, m);
            CostSection.append(h, m);
        }

        h.append("<h2>Results</h2>\n<p>Every job, every repeat. Also as <a href=\"").append(ResultsCsv.FILE_NAME).append("\">")
                .append(ResultsCsv.FILE_NAME).append("</a> and <a href=\"").append(ResultsJson.FILE_NAME).append("\">")
                .append(ResultsJson.FILE_NAME).append("</a> with full precision (the table rounds to ")
                .append(DISPLAY_DIGITS.getPrecision()).append(" significant digits). A job's speedup is its own time ")
                .append("against its series' baseline median. karp_flatt is the experimentally determined serial ")
                .append("fraction e_p = (1/S_p − 1/p)/(1 − 1/p).</p>\n");
        resultsTable(h, m, c.rows());

        FailureSection.append(h, jobs);

        h.append("<h2>Methods</h2>\n<ul>\n");
        for (String method : List.of(Methods.CENTER, Methods.INTERVAL, Methods.ERROR_BARS, Methods.FITS,
                Methods.SELECTION, Methods.REGRESSION)) {
            h.append("<li>").append(esc(method)).append("</li>\n");
        }
        h.append("</ul>\n");

        h.append("<h2>Study file</h2>\n<pre>").append(esc(study.studyFileText() == null ? "" : study.studyFileText()))
                .append("</pre>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void notes(StringBuilder h, StudyMetrics m) {
        if (!m.hasTimes()) {
            h.append("<p class=\"note\">No times were measured, so there are no speedup, efficiency or ")
                    .append("model figures and no charts were drawn.</p>\n");
            return;
        }
        m.series().forEach((key, s) -> {
            if (s.baselineIsFallback()) {
                h.append("<p class=\"note\">").append(m.series().size() > 1 ? esc(key.label()) + ": " : "")
                        .append("no time at p = 1: the baseline is the smallest successful processor count, p0 = ")
                        .append(s.baselineProcs()).append(m.scaling() == Scaling.WEAK
                                ? ", assumed to scale perfectly up to p0 (T_1 ≈ T_p0)."
                                : ", assumed to scale perfectly up to p0 (T_1 ≈ p0·T_p0, so S_p = p0·T_p0/T_p). "
                                + "Karp–Flatt is not given at p0, where it is 0 by this assumption.")
                        .append("</p>\n");
            }
        });
        if (m.usesMedian()) {
            h.append("<p class=\"note\">Some points have several timed jobs (repeats): the charts and the fits ")
                    .append("use the median T_p of each, and the per-point table gives their spread.</p>\n");
        }
    }

    private static void resultsTable(StringBuilder h, StudyMetrics m, List<ResultRow> rows) {
        h.append("<table>\n<thead><tr>");
        for (String col : ResultRow.columns(m.parameters())) {
            h.append("<th>").append(esc(col)).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        int procsAt = m.parameters().size();
        for (ResultRow row : rows) {
            h.append(row.speedup() == null ? "<tr class=\"failed\">" : "<tr>");
            List<String> cells = row.cells();
            List<Double> numbers = row.numbers();
            for (int i = 0; i < cells.size(); i++) {
                int n = i - procsAt - 1;
                boolean rounded = n >= 0 && n < numbers.size();
                // procs to index are numbers (right-aligned); seconds to karp_flatt are rounded for reading
                boolean numeric = i >= procsAt && i <= procsAt + ResultRow.COLUMNS.indexOf("index");
                h.append(numeric ? "<td class=\"num\">" : "<td>")
                        .append(esc(rounded ? display(numbers.get(n)) : cells.get(i))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    /** Rounded for reading; the CSV and JSON keep every digit. */
    static String display(Double value) {
        if (value == null || !Double.isFinite(value)) {
            return "";
        }
        return new BigDecimal(value).round(DISPLAY_DIGITS).stripTrailingZeros().toPlainString();
    }

    private static void meta(StringBuilder h, String key, String value) {
        h.append("<dt>").append(esc(key)).append("</dt><dd>").append(esc(orDash(value))).append("</dd>\n");
    }

    private static String wallTime(Duration d) {
        long s = Math.max(0, d.getSeconds());
        return String.format(java.util.Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "—" : s;
    }

    /** Escapes text for both element content and double- or single-quoted attributes. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
