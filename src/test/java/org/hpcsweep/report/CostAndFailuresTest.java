package org.hpcsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.hpcsweep.study.CostRate;
import org.hpcsweep.study.JobOutcome;
import org.hpcsweep.study.JobState;
import org.hpcsweep.study.Scaling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostAndFailuresTest {

    @TempDir
    Path tmp;

    /** 3.6 per core-hour: a core-second costs 0.001, so costs read straight off the core-seconds. */
    private static final CostRate RATE = new CostRate(3.6, "EUR", 0.7);

    private static List<JobOutcome> jobs() {
        // platform run time = measured time here; core-seconds 100, 104, 120, 160
        return List.of(Jobs.timed(0, 1, Map.of(), 1, 100, 100.0), Jobs.timed(1, 2, Map.of(), 1, 52, 52.0),
                Jobs.timed(2, 4, Map.of(), 1, 30, 30.0), Jobs.timed(3, 8, Map.of(), 1, 20, 20.0),
                new JobOutcome(4, 16, Map.of("procs", "16"), "job-4", "id4", JobState.FAILED, "Failed", "A run failed",
                        null, "run failed", 1, 3.0, 137, "step 1\nkilled: <oom> & gone"));
    }

    @Test
    void should_price_each_point_and_name_the_cheapest_efficient_and_the_fastest() throws Exception {
        StudyMetrics m = StudyMetrics.of(Jobs.study(tmp, jobs(), List.of(), Scaling.STRONG, RATE));
        ScalingMetrics s = m.series().get(SeriesKey.NONE);
        assertEquals(0.104, s.at(2).orElseThrow().cost(), 1e-12);
        assertEquals(0.16, s.at(8).orElseThrow().cost(), 1e-12);
        // efficiencies 1, 0.96, 0.83, 0.625: p = 8 misses the 0.7 target, p = 1 is the cheapest that makes it
        assertEquals(1, CostChoice.cheapest(s, RATE).orElseThrow().procs());
        assertEquals(8, CostChoice.fastest(s).orElseThrow().procs());

        new RenderReport().render(Jobs.study(tmp, jobs(), List.of(), Scaling.STRONG, RATE));
        String html = Files.readString(tmp.resolve("report.html"));
        assertTrue(html.contains("fastest at p = 8 (20 s, 0.16 EUR)"), html);
        assertTrue(html.contains("cheapest with efficiency ≥ 0.7 at p = 1 (0.1 EUR"), html);
        assertTrue(Files.size(tmp.resolve("cost.png")) > 0);
        assertTrue(Files.readString(tmp.resolve("cost.svg")).contains("Cost per run (EUR)"));
    }

    @Test
    void should_draw_no_cost_chart_without_a_price_and_remove_an_old_one() throws Exception {
        new RenderReport().render(Jobs.study(tmp, jobs(), List.of(), Scaling.STRONG, RATE));
        assertTrue(Files.exists(tmp.resolve("cost.png")));
        new RenderReport().render(Jobs.study(tmp, jobs(), List.of(), Scaling.STRONG, null));
        assertFalse(Files.exists(tmp.resolve("cost.png")));
        assertFalse(Files.readString(tmp.resolve("report.html")).contains("<h2>Cost</h2>"));
    }

    @Test
    void should_show_a_failed_jobs_cause_with_its_log_tail_escaped_and_its_folder() throws Exception {
        new RenderReport().render(Jobs.study(tmp, jobs(), List.of(), Scaling.STRONG, null));
        String html = Files.readString(tmp.resolve("report.html"));
        assertTrue(html.contains("<pre>step 1\nkilled: &lt;oom&gt; &amp; gone</pre>"), html);
        assertTrue(html.contains("<a href=\"jobs/4-p16/\">jobs/4-p16/</a>"));
        assertTrue(html.contains("<dt>Exit code</dt><dd>137</dd>"));
        assertTrue(html.contains("<dt>Reason</dt><dd>A run failed</dd>"));
        assertTrue(html.contains("<dt>State</dt><dd>FAILED</dd>"));
    }

    @Test
    void should_render_a_job_with_every_field_unknown() throws Exception {
        JobOutcome nothing = new JobOutcome(0, 0, null, null, null, null, null, null, null, null, 0, null, null, null);
        new RenderReport().render(Jobs.study(tmp, List.of(nothing), null, null, RATE));
        String html = Files.readString(tmp.resolve("report.html"));
        assertTrue(html.contains("0/1 jobs succeeded"));
        assertTrue(html.contains("<dt>Exit code</dt><dd>—</dd>"));
        assertTrue(Files.exists(tmp.resolve("results.csv")));
    }
}
