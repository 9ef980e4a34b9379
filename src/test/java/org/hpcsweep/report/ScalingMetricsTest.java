package org.hpcsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hpcsweep.study.JobOutcome;
import org.hpcsweep.study.JobState;
import org.junit.jupiter.api.Test;

class ScalingMetricsTest {

    static JobOutcome ok(int p, double s) {
        return new JobOutcome(p, Map.of("procs", Integer.toString(p)), "job-" + p, "id" + p, JobState.SUCCEEDED,
                "Completed", null, s, null);
    }

    static JobOutcome failed(int p, String reason) {
        return new JobOutcome(p, Map.of("procs", Integer.toString(p)), "job-" + p, "id" + p, JobState.FAILED,
                "Completed", reason, null, "run failed");
    }

    /** The jobs as one study of strong scaling without parameters (one series). */
    static StudyMetrics study(List<JobOutcome> jobs) {
        return StudyMetrics.of(new org.hpcsweep.study.StudyOutcome("s", "r", java.nio.file.Path.of("."), jobs, null, "",
                "", null, null));
    }

    @Test
    void handComputedExample() {
        // T1 = 100, T2 = 60, T4 = 40.
        ScalingMetrics m = ScalingMetrics.of(List.of(ok(1, 100), ok(2, 60), ok(4, 40)));
        assertEquals(1, m.baselineProcs());
        assertFalse(m.baselineIsFallback());
        ScalingMetrics.Point p2 = m.at(2).orElseThrow();
        assertEquals(100.0 / 60, p2.speedup(), 1e-12);
        assertEquals(100.0 / 120, p2.efficiency(), 1e-12);
        // e = (0.6 - 0.5) / 0.5 = 0.2
        assertEquals(0.2, p2.karpFlatt(), 1e-12);
        ScalingMetrics.Point p4 = m.at(4).orElseThrow();
        assertEquals(2.5, p4.speedup(), 1e-12);
        assertEquals(0.625, p4.efficiency(), 1e-12);
        // e = (0.4 - 0.25) / 0.75 = 0.2
        assertEquals(0.2, p4.karpFlatt(), 1e-12);
        assertNull(m.at(1).orElseThrow().karpFlatt());
        // Times are exactly Amdahl with f = 0.2.
        assertEquals(0.2, m.amdahl().orElseThrow().value("f"), 1e-9);
        assertEquals(5.0, m.amdahl().orElseThrow().limitSpeedup(), 1e-6);
    }

    @Test
    void amdahlFitRecoversKnownSerialFraction() {
        double f = 0.05;
        double t1 = 1234.5;
        List<JobOutcome> jobs = new ArrayList<>();
        for (int p : new int[] {1, 2, 4, 8, 16, 32, 64}) {
            jobs.add(ok(p, t1 * (f + (1 - f) / p)));
        }
        ModelFit fit = ScalingMetrics.of(jobs).amdahl().orElseThrow();
        assertEquals(0.05, fit.value("f"), 1e-9);
        assertEquals(20.0, fit.limitSpeedup(), 1e-6);
    }

    @Test
    void perfectlyLinearGivesZeroSerialFractionAndInfiniteLimit() {
        ScalingMetrics m = ScalingMetrics.of(List.of(ok(1, 64), ok(2, 32), ok(4, 16), ok(8, 8)));
        ModelFit fit = m.amdahl().orElseThrow();
        assertEquals(0.0, fit.value("f"), 1e-12);
        assertTrue(Double.isInfinite(fit.limitSpeedup()));
        assertEquals("∞", fit.limitSpeedupText());
        assertEquals(0.0, m.at(8).orElseThrow().karpFlatt(), 1e-12);
    }

    @Test
    void superLinearClampsToZero() {
        ScalingMetrics m = ScalingMetrics.of(List.of(ok(1, 100), ok(2, 40), ok(4, 20)));
        assertEquals(0.0, m.amdahl().orElseThrow().value("f"), 0.0);
    }

    @Test
    void baselineFallsBackToSmallestSuccessfulWhenSerialFailed() {
        ScalingMetrics m = ScalingMetrics.of(List.of(failed(1, "out of memory"), ok(2, 50), ok(4, 30), ok(8, 20)));
        assertTrue(m.baselineIsFallback());
        assertEquals(2, m.baselineProcs());
        assertEquals(50, m.baselineSeconds());
        assertEquals(2.0, m.at(2).orElseThrow().speedup(), 1e-12);
        assertEquals(1.0, m.at(2).orElseThrow().efficiency(), 1e-12);
        assertNull(m.at(2).orElseThrow().karpFlatt());
        assertEquals(100.0 / 30, m.at(4).orElseThrow().speedup(), 1e-12);
        assertEquals(5.0, m.at(8).orElseThrow().speedup(), 1e-12);
        assertEquals(5.0 / 8, m.at(8).orElseThrow().efficiency(), 1e-12);
        assertEquals(List.of(1), List.copyOf(m.missingProcs()));
        assertTrue(m.at(1).isEmpty());
    }

    @Test
    void repeatsUseTheMedian() {
        ScalingMetrics m = ScalingMetrics.of(List.of(ok(1, 100), ok(1, 110), ok(1, 500), ok(2, 50), ok(2, 70)));
        assertTrue(m.usesMedian());
        assertEquals(110, m.baselineSeconds());
        assertEquals(60, m.at(2).orElseThrow().seconds());
        assertEquals(2, m.at(2).orElseThrow().samples());
    }

    @Test
    void noTimesMeansNoMetrics() {
        ScalingMetrics m = ScalingMetrics.of(List.of(failed(1, "x"), failed(2, "y")));
        assertFalse(m.hasTimes());
        assertTrue(m.points().isEmpty());
        assertTrue(m.amdahl().isEmpty());
        assertFalse(m.baselineIsFallback());
    }

    @Test
    void singlePointHasNoFit() {
        assertTrue(ScalingMetrics.of(List.of(ok(4, 10))).amdahl().isEmpty());
    }
}
