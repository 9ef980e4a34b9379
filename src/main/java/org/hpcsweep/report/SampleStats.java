package org.hpcsweep.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the repeats of one point say: the median (what speedups use, robust to one slow outlier), the
 * range, and from {@link Confidence#MIN_SAMPLES} samples on the 95 % confidence interval of the mean.
 *
 * @param samples the times, in the jobs' order
 * @param ciLow   lower end of the 95 % interval of the mean, null below 3 samples
 * @param ciHigh  upper end, null below 3 samples
 */
public record SampleStats(List<Double> samples, double median, double mean, double stdDev, double min, double max,
                          Double ciLow, Double ciHigh) {

    public static SampleStats of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        double[] ci = Confidence.ofMean(values);
        return new SampleStats(List.copyOf(values), median(values), Confidence.mean(values),
                Confidence.standardDeviation(values), Collections.min(values), Collections.max(values),
                ci == null ? null : ci[0], ci == null ? null : ci[1]);
    }

    public int n() {
        return samples.size();
    }

    public boolean hasInterval() {
        return ciLow != null;
    }

    /**
     * The error bar the charts draw: the 95 % interval of the mean where there is one, else min–max.
     * An interval reaching down to zero or below (a time cannot) says the repeats are too few or too
     * spread to bound the mean; min–max is drawn then, so the speedup's bar (c/T) stays finite.
     */
    public double barLow() {
        return barIsInterval() ? ciLow : min;
    }

    public double barHigh() {
        return barIsInterval() ? ciHigh : max;
    }

    public boolean barIsInterval() {
        return hasInterval() && ciLow > 0;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
