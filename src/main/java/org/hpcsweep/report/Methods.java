package org.hpcsweep.report;

import java.util.LinkedHashMap;
import java.util.Map;

/** The statistical methods the report uses, stated once for the page and results.json alike. */
final class Methods {

    static final String CENTER = "T_p of a point is the median of its repeats; speedup and efficiency use it.";
    static final String INTERVAL = "95 % confidence interval of the mean: mean ± t(0.975, n−1)·s/√n "
            + "(Student t, sample standard deviation s), given where a point has n ≥ 3 repeats.";
    static final String ERROR_BARS = "Error bars: the 95 % confidence interval of the mean where n ≥ 3 "
            + "(and its lower end is above 0 s), else min–max of the repeats; on speedup and efficiency the time's bar is mapped through S = c/T "
            + "with the baseline held at its median.";
    static final String FITS = "Models fitted by least squares on the median speedups (Levenberg–Marquardt): "
            + "Amdahl S(p) = 1/(f + (1−f)/p) for strong scaling, Gustafson S(p) = s + (1−s)·p on the scaled speedup "
            + "p·T_1/T_p for weak scaling, and the Universal Scalability Law S(p) = p/(1 + α(p−1) + β·p(p−1)) in both. "
            + "Standard errors: sqrt of the diagonal of σ²·(JᵀJ)⁻¹, σ² = RSS/(n−k).";
    static final String SELECTION = "Best model: lowest AIC = n·ln(RSS/n) + 2k (k parameters, so USL's second "
            + "parameter must earn its keep); RSS/n floored at 1e-12 so exact fits compare.";
    static final String REGRESSION = "Regression against the previous run: a point is flagged only when the 95 % "
            + "confidence intervals of the mean time of both runs do not overlap (a conservative test) and the "
            + "median slowed down by more than hpcsweep.regression.fraction; with fewer than 3 repeats on either "
            + "side the report says there are not enough repeats to tell.";

    private Methods() {
    }

    static Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("center", CENTER);
        m.put("interval", INTERVAL);
        m.put("error_bars", ERROR_BARS);
        m.put("fits", FITS);
        m.put("model_selection", SELECTION);
        m.put("regression", REGRESSION);
        return m;
    }
}
