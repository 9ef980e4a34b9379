package org.hpcsweep.report;

import static org.hpcsweep.report.ReportPage.display;
import static org.hpcsweep.report.ReportPage.esc;

import java.util.Map;

import org.hpcsweep.study.Scaling;

/**
 * The page's model fits: per series, the headline model (Amdahl for strong scaling, Gustafson for
 * weak) and USL, each parameter with its standard error, the RSS and AIC, and the predicted speedup
 * at twice the largest measured count; the best model by AIC is named.
 */
final class FitSection {

    private FitSection() {
    }

    static void append(StringBuilder h, StudyMetrics metrics) {
        boolean weak = metrics.scaling() == Scaling.WEAK;
        h.append("<h2>Model fits</h2>\n<p>").append(esc(Methods.FITS)).append(' ').append(esc(Methods.SELECTION))
                .append("</p>\n");
        for (Map.Entry<SeriesKey, ScalingMetrics> e : metrics.series().entrySet()) {
            ScalingMetrics m = e.getValue();
            if (metrics.series().size() > 1) {
                h.append("<h3>").append(esc(e.getKey().label())).append("</h3>\n");
            }
            if (m.fits().isEmpty()) {
                h.append("<p>Not fitted: a model needs measured times at one more processor count than it has ")
                        .append("parameters (").append(weak ? "Gustafson" : "Amdahl").append(": 2, USL: 3).</p>\n");
                continue;
            }
            headline(h, m, weak);
            h.append("<table>\n<thead><tr><th>model</th><th>parameters ± standard error</th><th>points</th>")
                    .append("<th>RSS</th><th>AIC</th><th>predicted ").append(weak ? "scaled speedup" : "speedup")
                    .append(" at 2× largest p</th></tr></thead>\n<tbody>\n");
            ModelFit best = m.bestFit().orElse(null);
            for (ModelFit f : m.fits()) {
                h.append("<tr><td>").append(esc(f.model().title())).append(f == best && m.fits().size() > 1
                        ? " <strong>(best)</strong>" : "").append("<br><small>").append(esc(f.model().formula()))
                        .append("</small></td><td>");
                for (String p : f.model().parameters()) {
                    h.append(esc(p)).append(" = ").append(esc(display(f.value(p)))).append(" ± ")
                            .append(esc(orDash(display(f.stdError(p))))).append("<br>");
                }
                h.append("</td><td class=\"num\">").append(f.points()).append("</td><td class=\"num\">")
                        .append(esc(display(f.rss()))).append("</td><td class=\"num\">").append(esc(display(f.aic())))
                        .append("</td><td class=\"num\">S(").append(f.predictAtProcs()).append(") = ")
                        .append(esc(display(f.predicted()))).append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n");
            if (m.fit(ScalingModel.USL).isEmpty()) {
                h.append("<p>USL not fitted: it needs measured times at 3 or more processor counts.</p>\n");
            }
        }
    }

    /** The sentence a reader looks for first: the serial fraction of the headline law. */
    private static void headline(StringBuilder h, ScalingMetrics m, boolean weak) {
        ModelFit f = m.fit(ScalingModel.headline(m.scaling())).orElse(null);
        if (f == null) {
            return;
        }
        String p = weak ? "s" : "f";
        h.append("<p>").append(weak ? "Gustafson's law (scaled speedup)" : "Amdahl's law").append(": serial fraction <strong>")
                .append(p).append(" = ").append(esc(display(f.value(p)))).append(" ± ")
                .append(esc(orDash(display(f.stdError(p))))).append("</strong>");
        if (!weak) {
            h.append(", predicted limit speedup <strong>1/f = ")
                    .append(esc(Double.isInfinite(f.limitSpeedup()) ? f.limitSpeedupText() : display(f.limitSpeedup())))
                    .append("</strong>");
        }
        h.append(m.baselineIsFallback() ? " (T_1 estimated from p0 = " + m.baselineProcs() + ", see above)" : "")
                .append(".</p>\n");
    }

    private static String orDash(String s) {
        return s.isEmpty() ? "—" : s;
    }
}
