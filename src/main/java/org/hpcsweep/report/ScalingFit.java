package org.hpcsweep.report;

import java.util.Arrays;

import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.util.Pair;

/**
 * Fits a {@link ScalingModel} to measured speedups by least squares (Levenberg–Marquardt, analytic
 * Jacobian, parameters kept in range by a validator) and derives the standard errors from the
 * covariance of the fit.
 */
public final class ScalingFit {

    private static final double RSS_FLOOR = 1e-12;

    private ScalingFit() {
    }

    /** The fewest processor counts a model is fitted to: one more than it has parameters. */
    public static int minPoints(ScalingModel model) {
        return model.parameters().size() + 1;
    }

    /**
     * @param procs    processor counts
     * @param speedups the measured speedup (median-based) at each
     * @return the fit, or null with fewer than {@link #minPoints} points or when the optimizer fails
     */
    public static ModelFit fit(ScalingModel model, double[] procs, double[] speedups) {
        int n = procs.length;
        int k = model.parameters().size();
        if (n < minPoints(model)) {
            return null;
        }
        LeastSquaresProblem problem = new LeastSquaresBuilder()
                .start(new double[k]) // 0: perfect scaling, inside every model's range
                .target(speedups)
                .model(theta -> evaluate(model, procs, theta))
                .parameterValidator(theta -> new ArrayRealVector(model.clamp(theta.toArray())))
                .maxEvaluations(10_000)
                .maxIterations(10_000)
                .build();
        LeastSquaresOptimizer.Optimum optimum;
        try {
            optimum = new LevenbergMarquardtOptimizer().optimize(problem);
        } catch (MathIllegalStateException e) {
            return null;
        }
        double[] theta = model.clamp(optimum.getPoint().toArray());
        double rss = 0;
        for (int i = 0; i < n; i++) {
            double r = speedups[i] - model.speedup(procs[i], theta);
            rss += r * r;
        }
        double[] se = new double[k];
        Arrays.fill(se, Double.NaN);
        if (n > k) {
            try {
                // Optimum's covariances are (JᵀJ)⁻¹; scaled by the residual variance they become the fit's.
                RealMatrix cov = optimum.getCovariances(1e-14);
                double sigma2 = rss / (n - k);
                for (int j = 0; j < k; j++) {
                    se[j] = Math.sqrt(sigma2 * cov.getEntry(j, j));
                }
            } catch (SingularMatrixException e) {
                // a parameter the data do not determine: its error stays NaN ("—" on the page)
            }
        }
        double aic = n * Math.log(Math.max(rss / n, RSS_FLOOR)) + 2 * k;
        int pmax = (int) Arrays.stream(procs).max().orElse(1);
        return new ModelFit(model, theta, se, rss, n, aic, 2 * pmax, model.speedup(2.0 * pmax, theta));
    }

    private static Pair<RealVector, RealMatrix> evaluate(ScalingModel model, double[] procs, RealVector thetaVector) {
        double[] theta = thetaVector.toArray();
        double[] values = new double[procs.length];
        double[][] jacobian = new double[procs.length][];
        for (int i = 0; i < procs.length; i++) {
            values[i] = model.speedup(procs[i], theta);
            jacobian[i] = model.gradient(procs[i], theta);
        }
        return new Pair<>(new ArrayRealVector(values, false), MatrixUtils.createRealMatrix(jacobian));
    }
}
