package org.hpcsweep.report;

import static org.hpcsweep.report.ReportPage.display;
import static org.hpcsweep.report.ReportPage.esc;

import java.util.Map;

import org.hpcsweep.study.CostRate;

/** The page's cost advice, per series: the fastest point and the cheapest one efficient enough. */
final class CostSection {

    private CostSection() {
    }

    static void append(StringBuilder h, StudyMetrics metrics) {
        CostRate rate = metrics.cost();
        if (rate == null) {
            return;
        }
        String currency = rate.currency() == null ? "" : " " + rate.currency();
        h.append("<h2>Cost</h2>\n<p>A point's cost is its jobs' median core-seconds (processors × platform run time) / 3600 × ")
                .append(esc(display(rate.perCoreHour()) + currency)).append(" per core-hour.</p>\n<ul>\n");
        for (Map.Entry<SeriesKey, ScalingMetrics> e : metrics.series().entrySet()) {
            ScalingMetrics m = e.getValue();
            if (!m.hasTimes()) {
                continue;
            }
            h.append("<li>").append(metrics.series().size() > 1 ? "<strong>" + esc(e.getKey().label()) + "</strong>: " : "");
            CostChoice.fastest(m).ifPresent(p -> h.append("fastest at p = ").append(p.procs()).append(" (")
                    .append(esc(display(p.seconds()))).append(" s").append(p.cost() == null ? ""
                            : ", " + esc(display(p.cost()) + currency)).append("); "));
            var cheapest = CostChoice.cheapest(m, rate);
            if (cheapest.isPresent()) {
                ScalingMetrics.Point p = cheapest.get();
                h.append("cheapest with efficiency ≥ ").append(esc(display(rate.targetEfficiency()))).append(" at p = ")
                        .append(p.procs()).append(" (").append(esc(display(p.cost()) + currency)).append(", ")
                        .append(esc(display(p.seconds()))).append(" s, efficiency ").append(esc(display(p.efficiency())))
                        .append(").");
            } else {
                h.append("no point with a known cost reaches efficiency ").append(esc(display(rate.targetEfficiency())))
                        .append('.');
            }
            h.append("</li>\n");
        }
        h.append("</ul>\n");
    }
}
