package org.hpcsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Expected values computed independently with Python 3, scipy 1.17.1 scipy.optimize.curve_fit (its
 * pcov is scaled by RSS/(n−k), as ours), standard error = sqrt(diag(pcov)), AIC = n·ln(RSS/n) + 2k.
 */
class ScalingFitTest {

    private static final double[] P = {1, 2, 4, 8, 16};
    private static final double[] S = {1.0, 1.9, 3.4, 5.6, 8.1};

    private static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, Math.abs(expected) * 1e-5, what);
    }

    @Test
    void should_fit_amdahl_with_the_standard_error_scipy_gives() {
        ModelFit f = ScalingFit.fit(ScalingModel.AMDAHL, P, S);
        close(0.06432693633718493, f.value("f"), "f");
        close(0.0007872769403655312, f.stdError("f"), "se(f)");
        close(0.011521543078440008, f.rss(), "rss");
        close(-28.364872986687224, f.aic(), "aic");
        assertEquals(32, f.predictAtProcs());
        close(10.687560753701757, f.predicted(), "S(32)");
        close(1 / 0.06432693633718493, f.limitSpeedup(), "1/f");
    }

    @Test
    void should_fit_the_universal_scalability_law_with_standard_errors() {
        ModelFit f = ScalingFit.fit(ScalingModel.USL, P, S);
        close(0.057231788706042244, f.value("alpha"), "alpha");
        close(0.0004872419646776657, f.value("beta"), "beta");
        close(0.00041788492655772403, f.stdError("alpha"), "se(alpha)");
        close(2.8138856390541334e-05, f.stdError("beta"), "se(beta)");
        close(0.00011671930347791896, f.rss(), "rss");
        close(-49.32588266831466, f.aic(), "aic");
        close(9.823395369954083, f.predicted(), "S(32)");
    }

    @Test
    void should_choose_the_model_with_the_lowest_aic() {
        ModelFit amdahl = ScalingFit.fit(ScalingModel.AMDAHL, P, S);
        ModelFit usl = ScalingFit.fit(ScalingModel.USL, P, S);
        assertSame(usl, ModelFit.best(List.of(amdahl, usl)), "the speedup bends down: USL's β earns its keep");
    }

    @Test
    void should_fit_gustafson_to_scaled_speedups() {
        double[] p = {1, 2, 4, 8};
        ModelFit f = ScalingFit.fit(ScalingModel.GUSTAFSON, p, new double[] {1.0, 1.95, 3.8, 7.5});
        close(0.07033898319082156, f.value("s"), "s");
        close(0.0018307177876666623, f.stdError("s"), "se(s)");
        close(0.000593220338983041, f.rss(), "rss");
        close(14.944915252137676, f.predicted(), "S(16)");
    }

    @Test
    void should_not_fit_a_model_to_fewer_points_than_it_needs() {
        assertNull(ScalingFit.fit(ScalingModel.USL, new double[] {1, 2}, new double[] {1, 2}));
        assertNull(ScalingFit.fit(ScalingModel.AMDAHL, new double[] {4}, new double[] {1}));
    }

    @Test
    void should_keep_amdahls_serial_fraction_at_zero_for_superlinear_data() {
        ModelFit f = ScalingFit.fit(ScalingModel.AMDAHL, new double[] {1, 2, 4}, new double[] {1, 2.5, 5});
        assertEquals(0.0, f.value("f"), 0.0);
        assertTrue(Double.isInfinite(f.limitSpeedup()));
    }
}
