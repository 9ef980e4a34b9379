package org.hpcsweep.report;

import java.math.BigDecimal;
import java.util.List;

/**
 * One model fitted to one series' speedups.
 *
 * @param values         the fitted parameters, in {@link ScalingModel#parameters()} order
 * @param stdErrors      their standard errors, sqrt(diag(σ²·(JᵀJ)⁻¹)) with σ² = RSS/(n−k); NaN when
 *                       n = k (an exact fit has no spread to estimate them from) or JᵀJ is singular
 * @param rss            residual sum of squares in speedup
 * @param points         how many processor counts were fitted
 * @param aic            n·ln(RSS/n) + 2k, RSS/n floored at 1e-12 so exact fits still compare
 * @param predictAtProcs twice the largest measured count
 * @param predicted      the model's speedup there
 */
public record ModelFit(ScalingModel model, double[] values, double[] stdErrors, double rss, int points, double aic,
                       int predictAtProcs, double predicted) {

    public double value(String parameter) {
        return values[model.parameters().indexOf(parameter)];
    }

    public double stdError(String parameter) {
        return stdErrors[model.parameters().indexOf(parameter)];
    }

    public double speedup(double p) {
        return model.speedup(p, values);
    }

    /** Amdahl's limit 1/f, {@link Double#POSITIVE_INFINITY} when f = 0; NaN for other models. */
    public double limitSpeedup() {
        if (model != ScalingModel.AMDAHL) {
            return Double.NaN;
        }
        double f = values[0];
        return f == 0 ? Double.POSITIVE_INFINITY : 1.0 / f;
    }

    /** The limit as a reader sees it: "∞" for a perfectly parallel fit. */
    public String limitSpeedupText() {
        double limit = limitSpeedup();
        return Double.isInfinite(limit) ? "∞" : Double.isNaN(limit) ? "" : BigDecimal.valueOf(limit).toPlainString();
    }

    /** Of several fits of one series, the one with the lowest AIC (it weighs the extra parameter of USL). */
    public static ModelFit best(List<ModelFit> fits) {
        ModelFit best = null;
        for (ModelFit f : fits) {
            if (best == null || f.aic() < best.aic()) {
                best = f;
            }
        }
        return best;
    }
}
