package org.hpcsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyTrendTest {

    @TempDir
    Path tmp;

    @Test
    void should_compute_each_runs_efficiency_within_each_series_from_its_own_baseline() {
        Map<String, Map<String, Map<Integer, List<Double>>>> times = new LinkedHashMap<>();
        times.put("r1", Map.of(
                "n=5", new TreeMap<>(Map.of(1, List.of(10.0), 2, List.of(5.0), 4, List.of(4.0))),
                "n=50", new TreeMap<>(Map.of(1, List.of(100.0), 2, List.of(50.0)))));
        Map<String, Map<String, Double>> e = StudyTrend.efficiencies(times);
        assertEquals(1.0, e.get("r1").get("n=5, p = 1"), 1e-12);
        assertEquals(1.0, e.get("r1").get("n=5, p = 2"), 1e-12);
        assertEquals(0.625, e.get("r1").get("n=5, p = 4"), 1e-12);
        // n=50 against its own T_1 = 100, not n=5's 10
        assertEquals(1.0, e.get("r1").get("n=50, p = 2"), 1e-12);
    }

    @Test
    void should_not_flag_an_identical_rerun_with_single_samples_but_say_it_cannot_tell() {
        // One sample per point: the old rule flagged a rerun like this (here 37 % slower at p = 4) as a regression.
        Map<String, Map<String, Map<Integer, List<Double>>>> times = new LinkedHashMap<>();
        times.put("old", Map.of("", new TreeMap<>(Map.of(1, List.of(10.0), 4, List.of(3.0)))));
        times.put("new", Map.of("", new TreeMap<>(Map.of(1, List.of(10.0), 4, List.of(4.1)))));
        NoiseAwareRegression.Findings f = new StudyTrend((s, r) -> times, 0.10).findings(times, "new");
        assertTrue(f.regressions().isEmpty(), f.toString());
        assertEquals(2, f.undecided().size(), f.toString());
        assertTrue(f.undecided().get(0).contains("1 repeat before, 1 now"), f.undecided().get(0));
    }

    @Test
    void should_append_the_trend_and_the_regressions_beyond_noise_to_the_report() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("study/new"));
        Path report = Files.writeString(run.resolve("report.html"), "<html><body></body></html>");
        Map<String, Map<String, Map<Integer, List<Double>>>> times = new LinkedHashMap<>();
        times.put("old", Map.of("", new TreeMap<>(Map.of(1, List.of(10.0, 10.1, 9.9), 2, List.of(5.0, 5.1, 4.9)))));
        times.put("new", Map.of("", new TreeMap<>(Map.of(1, List.of(10.0, 10.1, 9.9), 2, List.of(7.0, 7.1, 6.9)))));
        new StudyTrend((s, r) -> times, 0.10).update(report);
        String html = Files.readString(report);
        assertTrue(html.contains("Slower than the previous run beyond noise"), html);
        assertTrue(html.contains("p = 2: median time 7.000 s, was 5.000 s (+40 %)"), html);
        assertTrue(html.indexOf("Trend across runs") < html.indexOf("</body>"));
        assertTrue(Files.readString(tmp.resolve("study/trend.csv")).startsWith("run_id,point,efficiency\n"));
        assertTrue(Files.exists(tmp.resolve("study/trend.png")));
    }
}
