package org.hpcsweep.report;

import static org.hpcsweep.report.ResultsJson.finite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hpcsweep.study.CostRate;

/** One series of {@code results.json}: its baseline, the summary of each point's repeats, the fits. */
final class SeriesJson {

    private SeriesJson() {
    }

    static Map<String, Object> of(SeriesKey key, ScalingMetrics m, CostRate rate) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", key.label());
        s.put("parameters", key.values());
        if (m.hasTimes()) {
            Map<String, Object> baseline = new LinkedHashMap<>();
            baseline.put("procs", m.baselineProcs());
            baseline.put("seconds", m.baselineSeconds());
            // Documents the convention: without p = 1, T_1 is estimated from p0 (see the page).
            baseline.put("fallback", m.baselineIsFallback());
            baseline.put("estimated_serial_seconds", m.idealSeconds(1));
            s.put("baseline", baseline);
        } else {
            s.put("baseline", null);
        }
        List<Map<String, Object>> points = new ArrayList<>();
        for (ScalingMetrics.Point p : m.points()) {
            points.add(point(p));
        }
        s.put("points", points);
        s.put("missing_procs", m.missingProcs());

        Map<String, Object> fits = new LinkedHashMap<>();
        for (ModelFit f : m.fits()) {
            fits.put(f.model().key(), fit(f));
        }
        s.put("fits", fits);
        s.put("best_fit", m.bestFit().map(f -> f.model().key()).orElse(null));
        s.put("fastest_procs", CostChoice.fastest(m).map(ScalingMetrics.Point::procs).orElse(null));
        s.put("cheapest_procs_at_target_efficiency",
                CostChoice.cheapest(m, rate).map(ScalingMetrics.Point::procs).orElse(null));
        return s;
    }

    private static Map<String, Object> point(ScalingMetrics.Point p) {
        SampleStats t = p.time();
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("procs", p.procs());
        point.put("samples", t.n());
        point.put("times", t.samples());
        point.put("median_seconds", t.median());
        point.put("mean_seconds", t.mean());
        point.put("stddev_seconds", t.stdDev());
        point.put("min_seconds", t.min());
        point.put("max_seconds", t.max());
        point.put("ci95_low_seconds", t.ciLow());
        point.put("ci95_high_seconds", t.ciHigh());
        point.put("speedup", p.speedup());
        point.put("speedup_low", finite(p.speedupLow()));
        point.put("speedup_high", finite(p.speedupHigh()));
        point.put("efficiency", p.efficiency());
        point.put("karp_flatt", finite(p.karpFlatt()));
        point.put("core_seconds_median", finite(p.coreSeconds()));
        point.put("cost", finite(p.cost()));
        return point;
    }

    private static Map<String, Object> fit(ModelFit f) {
        Map<String, Object> fit = new LinkedHashMap<>();
        fit.put("formula", f.model().formula());
        Map<String, Object> params = new LinkedHashMap<>();
        for (String name : f.model().parameters()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("value", f.value(name));
            v.put("std_error", finite(f.stdError(name)));
            params.put(name, v);
        }
        fit.put("parameters", params);
        fit.put("rss", f.rss());
        fit.put("points", f.points());
        fit.put("aic", finite(f.aic()));
        fit.put("predicted_at_procs", f.predictAtProcs());
        fit.put("predicted_speedup", finite(f.predicted()));
        if (f.model() == ScalingModel.AMDAHL) {
            // JSON has no infinity: null plus the text the page shows.
            fit.put("limit_speedup", finite(f.limitSpeedup()));
            fit.put("limit_speedup_text", f.limitSpeedupText());
        }
        return fit;
    }
}
