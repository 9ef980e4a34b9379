package org.hpcsweep.report;

import java.util.List;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * The 95 % confidence interval of the mean of a point's repeats: mean ± t(0.975, n−1)·s/√n with
 * s the sample standard deviation (Student t, so it is honest for the 3 to 10 repeats studies have).
 * Below 3 samples there is none: with two, t(0.975, 1) = 12.7 makes the interval say nothing.
 */
public final class Confidence {

    /** The fewest samples for which an interval is given. */
    public static final int MIN_SAMPLES = 3;
    public static final double LEVEL = 0.95;

    private Confidence() {
    }

    /** [low, high] of the 95 % interval of the mean, or null below {@link #MIN_SAMPLES} samples. */
    public static double[] ofMean(List<Double> values) {
        int n = values.size();
        if (n < MIN_SAMPLES) {
            return null;
        }
        double mean = mean(values);
        double half = tQuantile(n - 1) * standardDeviation(values) / Math.sqrt(n);
        return new double[] {mean - half, mean + half};
    }

    /** The two-sided 95 % Student-t quantile t(0.975, df), solved to 1e-12 (the library's default is 1e-9). */
    public static double tQuantile(int degreesOfFreedom) {
        return new TDistribution(null, degreesOfFreedom, 1e-12).inverseCumulativeProbability(1 - (1 - LEVEL) / 2);
    }

    public static double mean(List<Double> values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.size();
    }

    /** The sample standard deviation (n − 1 in the denominator); 0 for a single value. */
    public static double standardDeviation(List<Double> values) {
        int n = values.size();
        if (n < 2) {
            return 0;
        }
        double mean = mean(values);
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / (n - 1));
    }
}
