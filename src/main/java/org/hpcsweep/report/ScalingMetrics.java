package org.hpcsweep.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.hpcsweep.study.CostRate;
import org.hpcsweep.study.JobOutcome;
import org.hpcsweep.study.Scaling;

/**
 * How one series scaled, computed from its jobs that have a time (pure computation, no I/O).
 *
 * <p>Baseline convention: speedups are relative to T_1 when a job on one processor succeeded.
 * Otherwise the smallest successful processor count p0 is the baseline and is assumed to scale
 * perfectly up to p0: strong scaling estimates T_1 as p0·T_p0 (S_p = p0·T_p0/T_p), weak scaling
 * takes T_1 ≈ T_p0 (E_w = T_p0/T_p). T_p is always the median of the point's repeats.
 *
 * <p>Strong: S_p = T_1/T_p, E_p = S_p/p. Weak: E_w = T_1/T_p and the scaled speedup S_p = p·E_w,
 * so E = S/p in both and the charts and fits treat them alike. Karp–Flatt is strong scaling's only.
 */
public final class ScalingMetrics {

    /**
     * The metrics at one processor count.
     *
     * @param time        the spread of the repeats' times
     * @param speedupLow  the speedup at the time's error bar ends (baseline held at its median)
     * @param karpFlatt   experimentally determined serial fraction; null at p = 1, at the baseline
     *                    (0 by construction) and in weak scaling
     * @param coreSeconds median core-seconds of the point's timed jobs, null when none is known
     * @param cost        coreSeconds/3600 × the price of a core-hour, null without a price
     */
    public record Point(int procs, SampleStats time, double speedup, double efficiency, Double karpFlatt,
                        double speedupLow, double speedupHigh, Double coreSeconds, Double cost) {
        /** The median time of the repeats. */
        public double seconds() {
            return time.median();
        }

        public int samples() {
            return time.n();
        }
    }

    private final Scaling scaling;
    private final List<Point> points;
    private final SortedSet<Integer> missingProcs;
    private final int baselineProcs;
    private final double baselineSeconds;
    private final List<ModelFit> fits;

    private ScalingMetrics(Scaling scaling, List<Point> points, SortedSet<Integer> missingProcs, int baselineProcs,
                           double baselineSeconds, List<ModelFit> fits) {
        this.scaling = scaling;
        this.points = points;
        this.missingProcs = missingProcs;
        this.baselineProcs = baselineProcs;
        this.baselineSeconds = baselineSeconds;
        this.fits = fits;
    }

    /** Strong scaling of jobs taken as one series, no price: the metrics as they were before series. */
    public static ScalingMetrics of(List<JobOutcome> jobs) {
        return of(jobs, Scaling.STRONG, null);
    }

    /** Computes the metrics of one series' jobs; jobs without a time are left out (the report lists them). */
    public static ScalingMetrics of(List<JobOutcome> jobs, Scaling scaling, CostRate rate) {
        Scaling kind = scaling == null ? Scaling.STRONG : scaling;
        TreeMap<Integer, List<JobOutcome>> byProcs = new TreeMap<>();
        SortedSet<Integer> missing = new TreeSet<>();
        for (JobOutcome job : jobs) {
            missing.add(job.procs());
            if (counts(job)) {
                byProcs.computeIfAbsent(job.procs(), p -> new ArrayList<>()).add(job);
            }
        }
        missing.removeAll(byProcs.keySet());
        if (byProcs.isEmpty()) {
            return new ScalingMetrics(kind, List.of(), Collections.unmodifiableSortedSet(missing), 0, Double.NaN, List.of());
        }
        int p0 = byProcs.firstKey();
        double t0 = SampleStats.median(times(byProcs.get(p0)));
        List<Point> points = new ArrayList<>();
        for (Map.Entry<Integer, List<JobOutcome>> e : byProcs.entrySet()) {
            int p = e.getKey();
            SampleStats time = SampleStats.of(times(e.getValue()));
            // S = c/T: p0·T0 for strong scaling, p·T0 for weak (scaled speedup)
            double c = kind == Scaling.WEAK ? p * t0 : p0 * t0;
            double s = c / time.median();
            Double kf = kind == Scaling.STRONG && p > 1 && p != p0 ? karpFlatt(s, p) : null;
            Double coreSeconds = medianCoreSeconds(e.getValue());
            Double cost = coreSeconds == null || rate == null ? null : coreSeconds / 3600.0 * rate.perCoreHour();
            points.add(new Point(p, time, s, s / p, kf, c / time.barHigh(), c / time.barLow(), coreSeconds, cost));
        }
        return new ScalingMetrics(kind, List.copyOf(points), Collections.unmodifiableSortedSet(missing), p0, t0,
                fit(kind, points));
    }

    private static List<ModelFit> fit(Scaling kind, List<Point> points) {
        double[] p = points.stream().mapToDouble(Point::procs).toArray();
        double[] s = points.stream().mapToDouble(Point::speedup).toArray();
        List<ModelFit> fits = new ArrayList<>();
        for (ScalingModel model : List.of(ScalingModel.headline(kind), ScalingModel.USL)) {
            ModelFit fit = ScalingFit.fit(model, p, s);
            if (fit != null) {
                fits.add(fit);
            }
        }
        return List.copyOf(fits);
    }

    private static List<Double> times(List<JobOutcome> jobs) {
        return jobs.stream().map(JobOutcome::seconds).toList();
    }

    private static Double medianCoreSeconds(List<JobOutcome> jobs) {
        List<Double> known = jobs.stream().map(JobOutcome::coreSeconds)
                .filter(c -> c != null && Double.isFinite(c)).toList();
        return known.isEmpty() ? null : SampleStats.median(known);
    }

    /**
     * Whether a job enters the metrics: it succeeded with a time, and that time and its processor
     * count are usable (a zero or negative time would make the speedup infinite or negative).
     */
    public static boolean counts(JobOutcome job) {
        return job.hasTime() && job.procs() >= 1 && job.seconds() > 0 && Double.isFinite(job.seconds());
    }

    /** Karp–Flatt: e_p = (1/S_p − 1/p)/(1 − 1/p), defined for p > 1 only. */
    static double karpFlatt(double speedup, int p) {
        return (1.0 / speedup - 1.0 / p) / (1.0 - 1.0 / p);
    }

    public Scaling scaling() {
        return scaling;
    }

    /** The processor counts that have a time, ascending. */
    public List<Point> points() {
        return points;
    }

    /** The metrics at one processor count, empty when no job there has a time. */
    public Optional<Point> at(int procs) {
        return points.stream().filter(p -> p.procs() == procs).findFirst();
    }

    /** Processor counts that were in the series but where no job produced a time (gaps in the charts). */
    public SortedSet<Integer> missingProcs() {
        return missingProcs;
    }

    public boolean hasTimes() {
        return !points.isEmpty();
    }

    /** The processor count speedups are relative to: 1, or the smallest successful one. */
    public int baselineProcs() {
        return baselineProcs;
    }

    /** T at the baseline processor count (median of its repeats). */
    public double baselineSeconds() {
        return baselineSeconds;
    }

    /** True when p = 1 has no time and the smallest successful p stands in for it. */
    public boolean baselineIsFallback() {
        return hasTimes() && baselineProcs != 1;
    }

    /** True when at least one processor count had several timed jobs, so its T_p is a median. */
    public boolean usesMedian() {
        return points.stream().anyMatch(p -> p.samples() > 1);
    }

    /** The ideal time at p: T_1/p for strong scaling, T_1 (constant) for weak. */
    public double idealSeconds(double procs) {
        return scaling == Scaling.WEAK ? baselineSeconds : baselineProcs * baselineSeconds / procs;
    }

    /** Every model fitted: the headline one (Amdahl or Gustafson) first, then USL where it could be. */
    public List<ModelFit> fits() {
        return fits;
    }

    public Optional<ModelFit> fit(ScalingModel model) {
        return fits.stream().filter(f -> f.model() == model).findFirst();
    }

    /** The Amdahl fit, empty in weak scaling or with fewer than two processor counts with a time. */
    public Optional<ModelFit> amdahl() {
        return fit(ScalingModel.AMDAHL);
    }

    /** The fit with the lowest AIC, empty when none was fitted. */
    public Optional<ModelFit> bestFit() {
        return Optional.ofNullable(ModelFit.best(fits));
    }

    /** Speedup of one job's own time against the baseline (the per-job rows of the table). */
    public Double speedupOf(int procs, double seconds) {
        if (!hasTimes()) {
            return null;
        }
        return (scaling == Scaling.WEAK ? procs : baselineProcs) * baselineSeconds / seconds;
    }
}
