package org.hpcsweep.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a point got slower from one run to the next beyond what the runs' own noise explains.
 * A point is flagged only when the 95 % confidence intervals of the mean time of both runs do not
 * overlap, the new one above (non-overlap of two 95 % intervals is a conservative test: it rejects
 * equal means far less often than 5 % of the time), and the median slowed down by more than the
 * minimum effect (hpcsweep.regression.fraction), so a real but negligible change on a quiet machine
 * is not flagged either. With fewer than 3 repeats on either side the intervals do not exist: such
 * points are listed as "not enough repeats to tell", never flagged (one sample per point made an
 * identical rerun look 37 % worse).
 */
public final class NoiseAwareRegression {

    /** What the comparison found: points flagged, and points that could not be judged. */
    public record Findings(List<String> regressions, List<String> undecided) {
    }

    private NoiseAwareRegression() {
    }

    /**
     * @param previous   the previous run's times: series → processors → times
     * @param last       the run being reported, same shape
     * @param minSlowdown e.g. 0.10: a median slowdown of at most 10 % is never flagged
     */
    public static Findings compare(Map<String, Map<Integer, List<Double>>> previous,
                                   Map<String, Map<Integer, List<Double>>> last, double minSlowdown) {
        List<String> flagged = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        last.forEach((series, byProcs) -> byProcs.forEach((p, now) -> {
            List<Double> before = previous.getOrDefault(series, Map.of()).get(p);
            if (before == null || before.isEmpty() || now.isEmpty()) {
                return;
            }
            String where = (series.isEmpty() ? "" : series + ", ") + "p = " + p;
            double[] ciBefore = Confidence.ofMean(before);
            double[] ciNow = Confidence.ofMean(now);
            if (ciBefore == null || ciNow == null) {
                undecided.add(String.format(Locale.ROOT, "%s: %d repeat%s before, %d now (3 each are needed)", where,
                        before.size(), before.size() == 1 ? "" : "s", now.size()));
                return;
            }
            double mBefore = SampleStats.median(before);
            double mNow = SampleStats.median(now);
            if (ciNow[0] > ciBefore[1] && mNow > mBefore * (1 + minSlowdown)) {
                flagged.add(String.format(Locale.ROOT,
                        "%s: median time %.4g s, was %.4g s (+%.0f %%); 95 %% CI of the mean [%.4g, %.4g] s, was "
                                + "[%.4g, %.4g] s: no overlap", where, mNow, mBefore, 100 * (mNow / mBefore - 1),
                        ciNow[0], ciNow[1], ciBefore[0], ciBefore[1]));
            }
        }));
        return new Findings(flagged, undecided);
    }
}
