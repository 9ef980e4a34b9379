package org.hpcsweep.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SmcBuildingBlocksTest {

    @Test
    void logPhiMatchesReferenceValues() {
        // Reference values of log Phi(z) (R: pnorm(z, log.p = TRUE)).
        assertEquals(Math.log(0.5), NormalLogCdf.logPhi(0.0), 1e-7);
        assertEquals(Math.log(0.8413447460685429), NormalLogCdf.logPhi(1.0), 1e-7);
        assertEquals(Math.log(0.15865525393145707), NormalLogCdf.logPhi(-1.0), 1e-6);
        assertEquals(-53.23128515051247, NormalLogCdf.logPhi(-10.0), 1e-5);
        assertEquals(-5.000000e+11 - Math.log(1e6) - 0.9189385332046727, NormalLogCdf.logPhi(-1e6), 1e-2);
        assertEquals(0.0, NormalLogCdf.logPhi(40.0), 0.0);
        assertEquals(Double.NEGATIVE_INFINITY, NormalLogCdf.logPhi(Double.NEGATIVE_INFINITY));
    }

    @Test
    void relaxedDensitySumEqualsTheSumOfTerms() {
        double[] c = {-0.3, 0.0, 0.02, 0.5, -2.0, 1e-4, -1e-4};
        for (double tau : new double[] {0.1, 1.0, 30.0, 1e4}) {
            double expected = 0;
            for (double v : c) expected += NormalLogCdf.logPhi(tau * v);
            double actual = NormalLogCdf.logRelaxedDensity(tau, c, 0, c.length);
            assertEquals(expected, actual, 1e-6 * Math.max(1.0, Math.abs(expected)), "tau " + tau);
        }
    }

    @Test
    void systematicResamplingFollowsTheWeights() {
        double[] logw = {Double.NEGATIVE_INFINITY, Math.log(1.0), Math.log(3.0), Double.NEGATIVE_INFINITY};
        int[] a = SystematicResampling.ancestors(logw, 400, 0.37);
        int ones = 0, twos = 0;
        for (int i : a) {
            assertTrue(i == 1 || i == 2, "zero-weight particle resampled");
            if (i == 1) ones++; else twos++;
        }
        assertEquals(100, ones, 1); // systematic resampling: counts within one of N * w
        assertEquals(300, twos, 1);
    }

    @Test
    void blockParallelResamplingPicksWhatTheSerialPassPicks() {
        // Weights with zero-weight particles, whole zero-weight blocks and a spread of scales; for P = 1..4
        // every offspring gets the serial pass's ancestor (or, at a rounding tie, a neighbour of equal rank).
        java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
        int n = 5003;
        double[] logw = new double[n];
        for (int i = 0; i < n; i++) {
            logw[i] = i % 7 == 0 || (i > 1000 && i < 2400) ? Double.NEGATIVE_INFINITY : 20 * rng.nextDouble() - 10;
        }
        for (double u : new double[] {0.0, 0.37, 0.999}) {
            int[] serial = SystematicResampling.ancestors(logw, n, u);
            for (int p = 1; p <= 4; p++) {
                int[] parallel = new int[n];
                try (ParallelWorkers workers = new ParallelWorkers(p, n, new java.util.SplittableRandom(1))) {
                    SystematicResampling.ancestors(logw, u, workers, new double[n], parallel);
                }
                int differing = 0;
                for (int i = 0; i < n; i++) {
                    assertTrue(logw[parallel[i]] > Double.NEGATIVE_INFINITY, "zero-weight particle resampled, P=" + p);
                    if (parallel[i] != serial[i]) differing++;
                }
                assertTrue(differing <= 2, "P=" + p + " u=" + u + ": " + differing + " offspring with another ancestor");
            }
        }
    }

    @Test
    void proposalFactorReproducesTheCovariance() {
        double[] x = {0, 0, 1, 2, 2, 1, 3, 3, 1, 1};
        double[] s = ProposalCovariance.blockMoments(x, 2, 0, 5);
        double[] L = ProposalCovariance.choleskyFromMoments(s, 2, 5);
        // population covariance of the 5 points: var x = 1.04, var y = 1.04, cov = 0.84
        assertEquals(1.04, L[0] * L[0], 1e-6);
        assertEquals(0.84, L[2] * L[0], 1e-6);
        assertEquals(1.04, L[2] * L[2] + L[3] * L[3], 1e-6);
    }
}
