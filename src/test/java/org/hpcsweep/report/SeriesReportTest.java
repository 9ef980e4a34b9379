package org.hpcsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.hpcsweep.study.JobOutcome;
import org.hpcsweep.study.Scaling;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One series per combination of the non-processor parameters, each against its own baseline. */
class SeriesReportTest {

    @TempDir
    Path tmp;

    @Test
    void should_give_a_size_column_and_speedup_two_at_p2_in_both_series() throws Exception {
        new RenderReport().render(Jobs.study(tmp, Jobs.sizeStudy(), List.of("size"), Scaling.STRONG, null));
        List<List<String>> csv = ResultsCsvTest.parse(Files.readString(tmp.resolve("results.csv")));
        List<String> header = csv.get(0);
        assertEquals(List.of("size", "procs", "seconds", "speedup"), header.subList(0, 4));
        assertEquals(13, csv.size(), "header and every repeat of every point");
        int p2 = 0;
        for (List<String> row : csv.subList(1, csv.size())) {
            if (row.get(header.indexOf("procs")).equals("2")) {
                assertEquals(2.0, Double.parseDouble(row.get(header.indexOf("speedup"))), 1e-12, row.toString());
                p2++;
            }
        }
        assertEquals(6, p2);
        assertEquals(List.of("1", "2", "3"), csv.subList(1, 4).stream().map(r -> r.get(header.indexOf("repeat"))).toList());
        // core-seconds: procs × platform run time (size/procs + 1 here): size=40, p=2 ran 21 s on 2 cores
        assertEquals(42.0, Double.parseDouble(csv.get(10).get(header.indexOf("core_seconds"))), 1e-12);
    }

    @Test
    void should_write_each_series_points_and_fits_to_json() throws Exception {
        new RenderReport().render(Jobs.study(tmp, Jobs.sizeStudy(), List.of("size"), Scaling.STRONG, null));
        JsonNode root = new ObjectMapper().readTree(tmp.resolve("results.json").toFile());
        assertEquals("size", root.get("parameters").get(0).asText());
        JsonNode series = root.get("series");
        assertEquals(2, series.size());
        assertEquals("size=10", series.get(0).get("name").asText());
        assertEquals("size=40", series.get(1).get("name").asText());
        for (JsonNode s : series) {
            JsonNode p2 = s.get("points").get(1);
            assertEquals(2, p2.get("procs").asInt());
            assertEquals(3, p2.get("samples").asInt());
            assertEquals(2.0, p2.get("speedup").asDouble(), 1e-12);
            assertEquals(p2.get("median_seconds").asDouble(), p2.get("ci95_low_seconds").asDouble(), 1e-12,
                    "identical repeats: a zero-width interval");
            assertEquals(0.0, s.get("fits").get("amdahl").get("parameters").get("f").get("value").asDouble(), 1e-9);
            assertTrue(s.get("fits").get("usl") == null, "USL needs three processor counts");
        }
        assertEquals("10", root.get("jobs").get(0).get("size").asText());
    }

    @Test
    void should_not_divide_one_problem_size_by_another() {
        // The old report merged these into one curve: n=20000's time over n=5000's.
        List<JobOutcome> jobs = List.of(
                Jobs.timed(0, 1, Map.of("n", "5000"), 1, 10, null), Jobs.timed(1, 2, Map.of("n", "5000"), 1, 6, null),
                Jobs.timed(2, 1, Map.of("n", "20000"), 1, 80, null), Jobs.timed(3, 2, Map.of("n", "20000"), 1, 40, null));
        StudyMetrics m = StudyMetrics.of(Jobs.study(tmp, jobs, List.of("n"), Scaling.STRONG, null));
        assertEquals(2, m.series().size());
        assertEquals(10.0 / 6, m.of(new SeriesKey(Map.of("n", "5000"))).at(2).orElseThrow().speedup(), 1e-12);
        assertEquals(2.0, m.of(new SeriesKey(Map.of("n", "20000"))).at(2).orElseThrow().speedup(), 1e-12);
        assertEquals("n=5000", m.series().firstKey().label(), "numbers by value: 5000 before 20000");
    }

    @Test
    void should_draw_one_line_per_series_with_a_legend_and_error_bars() {
        StudyMetrics m = StudyMetrics.of(Jobs.study(tmp, Jobs.sizeStudy(), List.of("size"), Scaling.STRONG, null));
        JFreeChart chart = ScalingCharts.chart(ScalingCharts.COMPTIME, "demo", m);
        XYSeriesCollection measured = (XYSeriesCollection) chart.getXYPlot().getDataset(0);
        assertEquals(List.of("size=10", "size=40"), List.of(measured.getSeriesKey(0), measured.getSeriesKey(1)));
        assertNotNull(chart.getLegend());
        var bars = (org.jfree.data.xy.YIntervalSeriesCollection) chart.getXYPlot().getDataset(1);
        assertEquals(20.0, bars.getStartYValue(1, 1), 1e-12, "size=40 at p=2: identical repeats, zero-width bar");
    }

    @Test
    void should_keep_one_line_named_measured_for_a_study_without_parameters() {
        StudyMetrics m = ScalingMetricsTest.study(List.of(ScalingMetricsTest.ok(1, 10), ScalingMetricsTest.ok(2, 6)));
        XYSeriesCollection measured = (XYSeriesCollection) ScalingCharts.chart(ScalingCharts.SPEEDUP, "s", m)
                .getXYPlot().getDataset(0);
        assertEquals(1, measured.getSeriesCount());
        assertEquals(ScalingCharts.MEASURED, measured.getSeriesKey(0));
    }
}
