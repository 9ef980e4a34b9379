package org.hpcsweep.report;

import static org.hpcsweep.report.ReportPage.display;
import static org.hpcsweep.report.ReportPage.esc;

import java.util.Map;

import org.hpcsweep.study.Scaling;

/** The page's per-point summary of the repeats: what every chart point and fit is made of. */
final class PointTable {

    private PointTable() {
    }

    static void append(StringBuilder h, StudyMetrics metrics) {
        boolean weak = metrics.scaling() == Scaling.WEAK;
        boolean cost = metrics.cost() != null;
        h.append("<h2>Per point (summary of the repeats)</h2>\n<p>").append(esc(Methods.CENTER)).append(' ')
                .append(esc(Methods.INTERVAL)).append("</p>\n<table>\n<thead><tr><th>series</th><th>procs</th>")
                .append("<th>n</th><th>median s</th><th>min s</th><th>max s</th><th>mean s</th><th>95 % CI of mean (s)</th>")
                .append("<th>").append(weak ? "scaled speedup" : "speedup").append("</th><th>")
                .append(weak ? "E_w" : "efficiency").append("</th>").append(weak ? "" : "<th>karp_flatt</th>")
                .append("<th>core-seconds</th>");
        if (cost) {
            h.append("<th>cost").append(metrics.cost().currency() == null ? "" : " (" + esc(metrics.cost().currency()) + ")")
                    .append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (Map.Entry<SeriesKey, ScalingMetrics> e : metrics.series().entrySet()) {
            for (ScalingMetrics.Point p : e.getValue().points()) {
                SampleStats t = p.time();
                h.append("<tr><td>").append(esc(e.getKey().label())).append("</td>");
                num(h, Integer.toString(p.procs()));
                num(h, Integer.toString(t.n()));
                num(h, display(t.median()));
                num(h, display(t.min()));
                num(h, display(t.max()));
                num(h, display(t.mean()));
                num(h, t.hasInterval() ? "[" + display(t.ciLow()) + ", " + display(t.ciHigh()) + "]" : "n < 3");
                num(h, display(p.speedup()));
                num(h, display(p.efficiency()));
                if (!weak) {
                    num(h, display(p.karpFlatt()));
                }
                num(h, display(p.coreSeconds()));
                if (cost) {
                    num(h, display(p.cost()));
                }
                h.append("</tr>\n");
            }
        }
        h.append("</tbody>\n</table>\n");
    }

    private static void num(StringBuilder h, String text) {
        h.append("<td class=\"num\">").append(esc(text)).append("</td>");
    }
}
