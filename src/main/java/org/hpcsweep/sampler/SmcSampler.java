package org.hpcsweep.sampler;

import java.util.SplittableRandom;

/**
 * Sequential Monte Carlo for a uniform sample of a constrained region, after Golchi and Loeppky,
 * "Monte Carlo based designs for constrained domains" (2015), Algorithm 1:
 * <ol>
 *   <li>draw N particles uniformly on the unit cube (tau_0 = 0);</li>
 *   <li>choose tau_{t+1} > tau_t by bisection so the effective sample size of the incremental weights
 *       {@code prod_k Phi(tau_{t+1} C_k) / prod_k Phi(tau_t C_k)} is a fixed fraction of N
 *       (the adaptive schedule of their Sect. 3.2);</li>
 *   <li>resample (systematic);</li>
 *   <li>move every particle with Metropolis steps targeting the relaxed density, the proposal
 *       shaped by the cloud's covariance and its scale tuned to an acceptance rate;</li>
 * </ol>
 * until the hard-constraint target (tau = infinity, i.e. uniform on the feasible set) itself keeps the
 * ESS above the fraction. That last stage re-weights by the indicator, resamples, and moves with
 * Metropolis steps for the uniform distribution on the feasible set until all N particles are distinct.
 */
public final class SmcSampler implements Sampler {

    /** Tuning; the defaults are what the tests and benchmark use. */
    public record Settings(double essFraction, int movesPerStage, int finalMoves, double targetAcceptance,
                           int maxStages) {
        public static Settings defaults() {
            return new Settings(0.5, 4, 20, 0.3, 5000);
        }
    }

    private static final int MIN_PARTICLES = 256;
    private final Settings settings;

    public SmcSampler() { this(Settings.defaults()); }
    public SmcSampler(Settings settings) { this.settings = settings; }

    @Override
    public SampleResult sample(ConstraintSet cs, int n, int procs, long seed) {
        if (n < 1) throw new IllegalArgumentException("n must be at least 1");
        final int d = cs.dimension();
        final int m = cs.size();
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom master = root.split();
        // The ESS schedule needs a population: below MIN_PARTICLES run that many and return the first n.
        int particles = Math.max(n, MIN_PARTICLES);
        try (ParallelWorkers workers = new ParallelWorkers(procs, particles, root)) {
            Run run = new Run(cs, particles, d, m, workers, master);
            SampleResult result = run.execute();
            if (particles == n) return result;
            return new SampleResult(java.util.Arrays.copyOf(result.points(), n), result.constraintEvaluations(), result.summary());
        } catch (IllegalStateException e) {
            throw new SamplingFailedException("SMC lost every particle (" + e.getMessage() + "); is the feasible region empty?");
        }
    }

    /** State of one SMC run. */
    private final class Run {
        final ConstraintSet cs;
        final int n, d, m;
        final ParallelWorkers workers;
        final SplittableRandom master;
        final ParticleCloud cloud;
        final double[] logw;
        /** log relaxed density at the last candidate tau, kept so the chosen one needs no recomputation. */
        double[] candidateLogTarget;
        double candidateTau = Double.NaN;
        final double[] blockMax, blockS1, blockS2;
        final long[] blockAccepted, blockTried;
        /** Resampling's work arrays, reused every stage; the spares receive the offspring, then swap with the cloud's. */
        final int[] ancestors;
        final double[] cumulative;
        double[] spareX, spareC, spareLogTarget;
        double tau = 0.0;
        double lastGrowth = 2.0;
        long weightNanos, resampleNanos, moveNanos, essPasses;
        double scale;

        Run(ConstraintSet cs, int n, int d, int m, ParallelWorkers workers, SplittableRandom master) {
            this.cs = cs;
            this.n = n;
            this.d = d;
            this.m = m;
            this.workers = workers;
            this.master = master;
            this.cloud = new ParticleCloud(n, d, m);
            this.logw = new double[n];
            this.candidateLogTarget = new double[n];
            this.ancestors = new int[n];
            this.cumulative = new double[n];
            this.spareX = new double[n * d];
            this.spareC = new double[n * m];
            this.spareLogTarget = new double[n];
            int p = workers.procs();
            blockMax = new double[p];
            blockS1 = new double[p];
            blockS2 = new double[p];
            blockAccepted = new long[p];
            blockTried = new long[p];
            scale = 2.38 / Math.sqrt(d); // Roberts-Gelman-Gilks optimal random-walk scaling, then tuned
        }

        SampleResult execute() {
            initialiseUniform();
            int stages = 0;
            boolean last = false;
            double lastAcceptance = 0;
            while (!last) {
                if (++stages > settings.maxStages()) {
                    throw new SamplingFailedException("SMC did not reach the feasible set in " + settings.maxStages()
                            + " stages (tau = " + tau + "); is the feasible region empty?");
                }
                // Step 2: is the hard-constraint target already reachable with enough ESS?
                long t0 = System.nanoTime();
                if (essForIndicator() >= settings.essFraction() * n) {
                    last = true;
                } else {
                    tau = nextTau();
                    if (candidateTau != tau) essForTau(tau); // logw and candidateLogTarget for the chosen tau
                    double[] previous = cloud.logTarget;
                    cloud.logTarget = candidateLogTarget; // the offspring inherit the density at the new tau
                    candidateLogTarget = previous;
                }
                long t1 = System.nanoTime();
                weightNanos += t1 - t0;
                // Step 3: resample (one uniform from the master stream; ancestors and copies per block).
                SystematicResampling.ancestors(logw, master.nextDouble(), workers, cumulative, ancestors);
                resample();
                long t2 = System.nanoTime();
                resampleNanos += t2 - t1;
                // Step 4: move.
                double[] chol = proposalFactor();
                int sweeps = last ? settings.finalMoves() : settings.movesPerStage();
                for (int s = 0; s < sweeps; s++) {
                    lastAcceptance = last ? moveFeasible(chol) : moveRelaxed(chol);
                    tuneScale(lastAcceptance);
                    if (last && s % 4 == 3) chol = proposalFactor(); // copies spread: re-fit the shape
                }
                moveNanos += System.nanoTime() - t2;
            }
            // Resampling leaves copies; a Gibbs slice sweep (uniform-invariant, always moves) separates the
            // ones the Metropolis sweeps did not.
            int extra = 0;
            while (cloud.duplicateCount() > 0) {
                if (++extra > 1000) throw new SamplingFailedException("could not separate duplicate particles");
                separateDuplicates(cloud.duplicates());
            }
            double[][] points = new double[n][];
            for (int i = 0; i < n; i++) points[i] = cloud.point(i);
            String summary = String.format(java.util.Locale.ROOT,
                    "SMC: %d stages, last finite tau %.4g, %d ESS passes, final acceptance %.3f, duplicate-separating sweeps %d;"
                            + " wall time in tau search/weights %.3f s, resampling %.3f s, moves %.3f s",
                    stages, tau, essPasses, lastAcceptance, extra, weightNanos / 1e9, resampleNanos / 1e9, moveNanos / 1e9);
            return new SampleResult(points, workers.evaluations(), summary);
        }

        /** Step 1: particles uniform on the cube, all constraint values cached. */
        void initialiseUniform() {
            workers.forEachBlock((w, from, to) -> {
                SplittableRandom rng = workers.stream(w);
                double[] p = new double[d];
                for (int i = from; i < to; i++) {
                    for (int j = 0; j < d; j++) p[j] = rng.nextDouble();
                    System.arraycopy(p, 0, cloud.x, i * d, d);
                    cs.values(p, cloud.c, i * m);
                    cloud.logTarget[i] = 0.0; // tau_0 = 0: the relaxed density is constant
                }
                workers.countEvaluations(w, (long) (to - from) * m);
            });
        }

        /** ESS when re-weighting straight to the indicator target; fills logw. */
        double essForIndicator() {
            workers.forEachBlock((w, from, to) -> {
                for (int i = from; i < to; i++) {
                    logw[i] = cs.satisfiedByValues(cloud.c, i * m) ? -cloud.logTarget[i] : Double.NEGATIVE_INFINITY;
                }
                blockSums(w, from, to);
            });
            return combinedEss();
        }

        /** ESS of the incremental weights for a candidate tau; fills logw. */
        double essForTau(double candidate) {
            essPasses++;
            workers.forEachBlock((w, from, to) -> {
                for (int i = from; i < to; i++) {
                    double lt = NormalLogCdf.logRelaxedDensity(candidate, cloud.c, i * m, m);
                    candidateLogTarget[i] = lt;
                    logw[i] = lt - cloud.logTarget[i];
                }
                blockSums(w, from, to);
            });
            candidateTau = candidate;
            return combinedEss();
        }

        private void blockSums(int w, int from, int to) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = from; i < to; i++) if (logw[i] > max) max = logw[i];
            double s1 = 0, s2 = 0;
            if (max > Double.NEGATIVE_INFINITY) {
                for (int i = from; i < to; i++) {
                    double e = Math.exp(logw[i] - max);
                    s1 += e;
                    s2 += e * e;
                }
            }
            blockMax[w] = max;
            blockS1[w] = s1;
            blockS2[w] = s2;
        }

        /** Combines block sums in worker order: deterministic for a given P. */
        private double combinedEss() {
            double max = Double.NEGATIVE_INFINITY;
            for (double b : blockMax) if (b > max) max = b;
            if (max == Double.NEGATIVE_INFINITY) return 0.0;
            double s1 = 0, s2 = 0;
            for (int w = 0; w < blockMax.length; w++) {
                if (blockMax[w] == Double.NEGATIVE_INFINITY) continue;
                double f = Math.exp(blockMax[w] - max);
                s1 += f * blockS1[w];
                s2 += f * f * blockS2[w];
            }
            return s1 * s1 / s2;
        }

        /**
         * Step 2: the next tau solves ESS(tau) = essFraction * N (Golchi and Loeppky, Sect. 3.2), solved on
         * log tau by regula falsi (Illinois variant) rather than plain bisection: ESS is smooth and monotone
         * in log tau, so two or three passes over the cached constraint values usually suffice. The ESS only
         * steers the schedule, so a 3% band is close enough. The first probe reuses the previous stage's
         * growth factor, which is often already inside the band.
         */
        double nextTau() {
            final double f = settings.essFraction();
            final double band = 0.03;
            double lo = tau;
            double fLo = 1.0 - f; // ESS(tau_t) = N: the incremental weights are all 1
            if (lo == 0.0) {
                double maxAbs = 0;
                for (double v : cloud.c) if (Double.isFinite(v)) maxAbs = Math.max(maxAbs, Math.abs(v));
                lo = 1e-3 / Math.max(maxAbs, 1e-300);
                fLo = essForTau(lo) / n - f;
                if (fLo < 0) return lo; // even a tiny step is a big one: take it
            }
            double hi = lo * Math.max(1.2, lastGrowth);
            double fHi = essForTau(hi) / n - f;
            int grow = 0;
            while (fHi >= 0) {
                if (fHi < band) return remember(hi);
                lo = hi;
                fLo = fHi;
                hi *= 4.0;
                if (++grow > 500) return remember(hi);
                fHi = essForTau(hi) / n - f;
            }
            if (fHi > -band) return remember(hi);
            double uLo = Math.log(lo), uHi = Math.log(hi);
            int side = 0;
            for (int it = 0; it < 60; it++) {
                double u = uLo + (uHi - uLo) * fLo / (fLo - fHi);
                if (!(u > uLo && u < uHi)) u = 0.5 * (uLo + uHi);
                double fu = essForTau(Math.exp(u)) / n - f;
                if (Math.abs(fu) < band || uHi - uLo < 1e-12) return remember(Math.exp(u));
                if (fu > 0) {
                    uLo = u; fLo = fu;
                    if (side == 1) fHi *= 0.5; // Illinois: keep the stale end from stalling convergence
                    side = 1;
                } else {
                    uHi = u; fHi = fu;
                    if (side == -1) fLo *= 0.5;
                    side = -1;
                }
            }
            return remember(Math.exp(uLo) > tau ? Math.exp(uLo) : Math.exp(uHi));
        }

        private double remember(double chosen) {
            if (tau > 0) lastGrowth = chosen / tau;
            return chosen;
        }

        /**
         * The copy step of resampling, one block of offspring per worker, into the spare arrays, which then
         * swap with the cloud's: a new set each stage (n (d + m + 1) doubles) was zeroed and faulted in by
         * the calling thread alone, a serial step as long as the copy itself.
         */
        void resample() {
            final double[] nx = spareX, nc = spareC, nl = spareLogTarget;
            workers.forEachBlock((w, from, to) -> {
                for (int i = from; i < to; i++) {
                    int a = ancestors[i];
                    System.arraycopy(cloud.x, a * d, nx, i * d, d);
                    System.arraycopy(cloud.c, a * m, nc, i * m, m);
                    nl[i] = cloud.logTarget[a];
                }
            });
            spareX = cloud.x;
            spareC = cloud.c;
            spareLogTarget = cloud.logTarget;
            cloud.x = nx;
            cloud.c = nc;
            cloud.logTarget = nl;
        }

        /** Gibbs slice sweeps on the flagged particles only. */
        void separateDuplicates(boolean[] flagged) {
            workers.forEachBlock((w, from, to) -> {
                SplittableRandom rng = workers.stream(w);
                double[] p = new double[d];
                long evaluations = 0;
                for (int i = from; i < to; i++) {
                    if (!flagged[i]) continue;
                    System.arraycopy(cloud.x, i * d, p, 0, d);
                    evaluations += CoordinateSliceMove.sweep(cs, p, rng);
                    System.arraycopy(p, 0, cloud.x, i * d, d);
                }
                workers.countEvaluations(w, evaluations);
            });
        }

        /** Proposal covariance from the current (equally weighted) cloud, block sums added in worker order. */
        double[] proposalFactor() {
            double[][] parts = new double[workers.procs()][];
            workers.forEachBlock((w, from, to) -> parts[w] = ProposalCovariance.blockMoments(cloud.x, d, from, to));
            double[] s = new double[d + d * d];
            for (double[] part : parts) for (int k = 0; k < s.length; k++) s[k] += part[k];
            return ProposalCovariance.choleskyFromMoments(s, d, n);
        }

        /**
         * One Metropolis sweep targeting prod_k Phi(tau C_k(x)) on the cube; returns the acceptance rate.
         * The uniform u is drawn first so the density sum can stop as soon as rejection is certain.
         */
        double moveRelaxed(double[] chol) {
            final double t = tau;
            final double sc = scale;
            workers.forEachBlock((w, from, to) -> {
                SplittableRandom rng = workers.stream(w);
                double[] y = new double[d], z = new double[d], cy = new double[m];
                int[] evaluated = new int[1];
                long accepted = 0, evaluations = 0;
                for (int i = from; i < to; i++) {
                    ProposalCovariance.proposeUniform(cloud.x, i * d, chol, sc, z, y, rng, d);
                    double logU = Math.log(rng.nextDouble());
                    if (!ConstraintSet.insideCube(y)) continue; // zero target density outside the cube
                    double lp = cs.logRelaxedDensityAbove(y, t, logU + cloud.logTarget[i], cy, evaluated);
                    evaluations += evaluated[0];
                    if (lp > Double.NEGATIVE_INFINITY) {
                        System.arraycopy(y, 0, cloud.x, i * d, d);
                        System.arraycopy(cy, 0, cloud.c, i * m, m);
                        cloud.logTarget[i] = lp;
                        accepted++;
                    }
                }
                blockAccepted[w] = accepted;
                blockTried[w] = to - from;
                workers.countEvaluations(w, evaluations);
            });
            return acceptanceRate();
        }

        /** One Metropolis sweep for the uniform law on the feasible set: accept iff the proposal is feasible. */
        double moveFeasible(double[] chol) {
            final double sc = scale;
            workers.forEachBlock((w, from, to) -> {
                SplittableRandom rng = workers.stream(w);
                double[] y = new double[d], z = new double[d];
                long accepted = 0, evaluations = 0;
                for (int i = from; i < to; i++) {
                    ProposalCovariance.proposeUniform(cloud.x, i * d, chol, sc, z, y, rng, d);
                    if (!ConstraintSet.insideCube(y)) continue;
                    int k = cs.firstViolated(y);
                    evaluations += k < 0 ? m : k + 1;
                    if (k < 0) {
                        System.arraycopy(y, 0, cloud.x, i * d, d);
                        accepted++;
                    }
                }
                blockAccepted[w] = accepted;
                blockTried[w] = to - from;
                workers.countEvaluations(w, evaluations);
            });
            return acceptanceRate();
        }

        private double acceptanceRate() {
            long a = 0, t = 0;
            for (int w = 0; w < blockTried.length; w++) { a += blockAccepted[w]; t += blockTried[w]; }
            return t == 0 ? 0 : (double) a / t;
        }

        /** Scale tuned towards the target acceptance rate between sweeps (population-level adaptation). */
        private void tuneScale(double acceptance) {
            scale *= Math.exp(1.5 * (acceptance - settings.targetAcceptance()));
            scale = Math.min(Math.max(scale, 1e-3), 3.0);
        }
    }
}
