package org.hpcsweep.sampler;

/**
 * Systematic resampling (Kitagawa 1996; the scheme Golchi and Loeppky use between SMC stages):
 * one uniform draw u ~ U(0, 1/N) and the N points u + i/N pick ancestors through the cumulative
 * weights. Lower variance than multinomial resampling and O(N).
 */
public final class SystematicResampling {
    private SystematicResampling() {}

    /**
     * Ancestor indices for {@code n} offspring from log weights (any scale; -infinity means zero weight).
     * {@code u01} is one uniform draw in [0, 1).
     */
    public static int[] ancestors(double[] logWeights, int n, double u01) {
        int size = logWeights.length;
        double max = Double.NEGATIVE_INFINITY;
        for (double lw : logWeights) if (lw > max) max = lw;
        if (max == Double.NEGATIVE_INFINITY || Double.isNaN(max)) {
            throw new IllegalStateException("all particles have zero weight");
        }
        double[] cumulative = new double[size];
        double total = 0.0;
        for (int i = 0; i < size; i++) {
            total += Math.exp(logWeights[i] - max);
            cumulative[i] = total;
        }
        int[] out = new int[n];
        double step = total / n;
        double u = u01 * step;
        int j = 0;
        for (int i = 0; i < n; i++) {
            while (j < size - 1 && cumulative[j] <= u) j++;
            out[i] = j;
            u += step;
        }
        return out;
    }

    /**
     * The same scheme over the workers' blocks, for {@code n = logWeights.length} offspring: each worker sums
     * its block's weights (scaled by the block's own maximum) into {@code cumulative}, one serial step places
     * the blocks end to end, and each worker then picks the ancestors of the offspring whose points u + i/N fall
     * in its block's stretch. The serial version's exp and cumulative pass were the one O(N) step of an SMC
     * stage that did not run on every worker (at P = 2 it took a tenth of the run). The offspring split
     * between two blocks is decided from the one boundary value both blocks see, so every offspring gets
     * exactly one ancestor; the sums are added in another order than the serial pass, so an offspring whose
     * point lies within rounding of a cumulative weight may pick the neighbouring ancestor: deterministic for
     * a given (weights, u, P).
     */
    public static void ancestors(double[] logWeights, double u01, ParallelWorkers workers, double[] cumulative, int[] out) {
        int n = logWeights.length;
        int p = workers.procs();
        double[] blockMax = new double[p];
        double[] blockTotal = new double[p];
        workers.forEachBlock((w, from, to) -> {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = from; i < to; i++) if (logWeights[i] > max) max = logWeights[i];
            double total = 0.0;
            if (max > Double.NEGATIVE_INFINITY) {
                for (int i = from; i < to; i++) {
                    total += Math.exp(logWeights[i] - max);
                    cumulative[i] = total;
                }
            }
            blockMax[w] = max;
            blockTotal[w] = total;
        });
        double max = Double.NEGATIVE_INFINITY;
        for (double b : blockMax) if (b > max) max = b;
        if (max == Double.NEGATIVE_INFINITY || Double.isNaN(max)) {
            throw new IllegalStateException("all particles have zero weight");
        }
        double[] factor = new double[p];
        double[] offset = new double[p + 1];
        for (int w = 0; w < p; w++) {
            factor[w] = blockMax[w] == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(blockMax[w] - max);
            offset[w + 1] = offset[w] + factor[w] * blockTotal[w];
        }
        double step = offset[p] / n;
        int[] first = new int[p + 1];
        for (int w = 1; w < p; w++) first[w] = firstAtOrAbove(offset[w], u01, step, n);
        first[p] = n;
        workers.forEachBlock((w, from, to) -> {
            int j = from;
            for (int i = first[w]; i < first[w + 1]; i++) {
                double u = (u01 + i) * step;
                while (j < to - 1 && offset[w] + factor[w] * cumulative[j] <= u) j++;
                out[i] = j;
            }
        });
    }

    /** The first offspring i whose point (u01 + i) * step is at or above {@code boundary}. */
    private static int firstAtOrAbove(double boundary, double u01, double step, int n) {
        int i = (int) Math.max(0, Math.min(n, Math.ceil(boundary / step - u01)));
        while (i > 0 && (u01 + i - 1) * step >= boundary) i--;
        while (i < n && (u01 + i) * step < boundary) i++;
        return i;
    }
}
