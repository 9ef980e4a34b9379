package org.hpcsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.hpcsweep.study.JobOutcome;
import org.hpcsweep.study.Scaling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weak scaling: E_w = T_1/T_p and Gustafson's scaled speedup p·T_1/T_p as the headline. */
class WeakScalingTest {

    @TempDir
    Path tmp;

    /** T_1 = 10, T_2 = 10.5, T_4 = 11, T_8 = 12.5: the problem grows with p, the time grows a little. */
    private static final List<JobOutcome> JOBS = List.of(Jobs.timed(0, 1, Map.of(), 1, 10, null),
            Jobs.timed(1, 2, Map.of(), 1, 10.5, null), Jobs.timed(2, 4, Map.of(), 1, 11, null),
            Jobs.timed(3, 8, Map.of(), 1, 12.5, null));

    @Test
    void should_give_weak_scaling_efficiency_and_scaled_speedup() {
        ScalingMetrics m = ScalingMetrics.of(JOBS, Scaling.WEAK, null);
        // by hand: E_w = 10/12.5 = 0.8, S = 8·0.8 = 6.4
        assertEquals(0.8, m.at(8).orElseThrow().efficiency(), 1e-12);
        assertEquals(6.4, m.at(8).orElseThrow().speedup(), 1e-12);
        assertEquals(10.0 / 10.5, m.at(2).orElseThrow().efficiency(), 1e-12);
        assertNull(m.at(8).orElseThrow().karpFlatt(), "Karp–Flatt is a strong-scaling metric");
        assertEquals(10.0, m.idealSeconds(8), 1e-12, "ideal weak scaling keeps the time constant");
    }

    @Test
    void should_fit_gustafson_instead_of_amdahl() {
        ScalingMetrics m = ScalingMetrics.of(JOBS, Scaling.WEAK, null);
        assertTrue(m.amdahl().isEmpty());
        ModelFit g = m.fit(ScalingModel.GUSTAFSON).orElseThrow();
        // scipy.optimize.curve_fit of s + (1-s)p to S = p·10/T_p (Python 3, scipy 1.17.1)
        assertEquals(0.20993469807029128, g.value("s"), 1e-6);
        assertEquals(0.02389000602322099, g.stdError("s"), 1e-6);
        assertEquals(12.850979528945631, g.predicted(), 1e-5);
        assertTrue(m.fit(ScalingModel.USL).isPresent());
    }

    @Test
    void should_headline_weak_scaling_on_the_page_and_the_charts() throws Exception {
        new RenderReport().render(Jobs.study(tmp, JOBS, List.of(), Scaling.WEAK, null));
        String html = Files.readString(tmp.resolve("report.html"));
        assertTrue(html.contains("Gustafson's law (scaled speedup): serial fraction <strong>s = 0.2099"), html);
        assertTrue(html.contains("Weak-scaling efficiency E_w = T_1/T_p"));
        assertTrue(Files.readString(tmp.resolve("efficiency.svg")).contains("Weak-scaling efficiency"));
        assertTrue(Files.readString(tmp.resolve("speedup.svg")).contains("Scaled speedup"));
    }
}
