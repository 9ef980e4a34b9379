package org.hpcsweep.report;

import static org.hpcsweep.report.ScalingMetricsTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.hpcsweep.study.JobOutcome;
import org.hpcsweep.study.JobState;
import org.hpcsweep.study.StudyOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsCsvTest {

    @TempDir
    Path tmp;

    private static final String NASTY_REASON = "A run failed, \"badly\"\nsee log";

    private static List<JobOutcome> jobs() {
        return List.of(ok(1, 123.456789012345), ok(2, 0.1 + 0.2), ok(4, 1e-7),
                new JobOutcome(8, Map.of("procs", "8"), "job, eight", "id8", JobState.FAILED, "Completed",
                        NASTY_REASON, null, "no result file"),
                ok(16, 3.0e7));
    }

    /** A small RFC 4180 reader, so the test does not trust the writer's own notion of quoting. */
    static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r') {
                // part of CRLF
            } else if (c == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                cell.append(c);
            }
        }
        return rows;
    }

    @Test
    void should_keep_the_old_leading_columns_for_a_study_without_parameters() {
        assertEquals(List.of("procs", "seconds", "speedup", "efficiency", "karp_flatt", "repeat", "core_seconds"),
                ResultRow.columns(List.of()).subList(0, 7));
        assertEquals(List.of("size", "param_seconds", "procs"), ResultRow.columns(List.of("size", "seconds")).subList(0, 3));
    }

    @Test
    void numbersRoundTripQuotingWorksAndFailedRowIsThere() throws Exception {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY); // decimal comma: must not leak into the CSV
        try {
            List<JobOutcome> jobs = jobs();
            StudyMetrics study = ScalingMetricsTest.study(jobs);
            ScalingMetrics m = ScalingMetrics.of(jobs);
            Path file = ResultsCsv.write(tmp, List.of(), ResultRow.of(jobs, study));
            String text = Files.readString(file);
            assertFalse(text.contains("E-") || text.contains("E7"), "no exponent form");
            List<List<String>> rows = parse(text);
            assertEquals(ResultRow.COLUMNS, rows.get(0));
            assertEquals(6, rows.size());
            for (List<String> r : rows) {
                assertEquals(ResultRow.COLUMNS.size(), r.size(), r.toString());
            }
            for (int i = 0; i < jobs.size(); i++) {
                JobOutcome job = jobs.get(i);
                List<String> r = rows.get(i + 1);
                assertEquals(Integer.toString(job.procs()), r.get(0));
                if (job.hasTime()) {
                    assertEquals(job.seconds(), Double.parseDouble(r.get(1)));
                    double s = m.speedupOf(job.procs(), job.seconds());
                    assertEquals(s, Double.parseDouble(r.get(2)));
                    assertEquals(s / job.procs(), Double.parseDouble(r.get(3)));
                }
            }
            List<String> failedRow = rows.get(4);
            assertEquals("", failedRow.get(1));
            assertEquals("", failedRow.get(2));
            assertEquals("", failedRow.get(4));
            List<String> header = rows.get(0);
            assertEquals("job, eight", failedRow.get(header.indexOf("job_name")));
            assertEquals(NASTY_REASON, failedRow.get(header.indexOf("status_reason")));
            assertEquals("FAILED", failedRow.get(header.indexOf("state")));
            assertEquals("no result file", failedRow.get(header.indexOf("error")));
            assertEquals("1", failedRow.get(header.indexOf("repeat")));
            assertEquals("", failedRow.get(header.indexOf("exit_code")));
            assertEquals("", failedRow.get(header.indexOf("core_seconds")), "no platform run time known");
            assertEquals("", rows.get(1).get(4), "no Karp-Flatt at p = 1");
            assertEquals(ScalingMetrics.karpFlatt(m.speedupOf(16, 3.0e7), 16), Double.parseDouble(rows.get(5).get(4)));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void quoting() {
        assertEquals("plain", ResultsCsv.quote("plain"));
        assertEquals("\"a,b\"", ResultsCsv.quote("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", ResultsCsv.quote("say \"hi\""));
        assertEquals("\"two\nlines\"", ResultsCsv.quote("two\nlines"));
        assertEquals("", ResultsCsv.quote(""));
    }

    @Test
    void jsonHasTheRowsAndTheAmdahlFit() throws Exception {
        List<JobOutcome> jobs = List.of(ok(1, 64), ok(2, 32), ok(4, 16),
                new JobOutcome(8, Map.of(), "j8", "id8", JobState.TIMED_OUT, "Stopped", "walltime", null, null));
        StudyOutcome study = new StudyOutcome("s", "r", tmp, jobs, null, "", "http://p", Instant.EPOCH, null);
        StudyMetrics m = StudyMetrics.of(study);
        JsonNode root = new ObjectMapper().readTree(ResultsJson.write(tmp, study, m, ResultRow.of(jobs, m)).toFile());
        assertEquals(4, root.get("jobs").size());
        assertTrue(root.get("jobs").get(3).get("seconds").isNull());
        assertEquals("walltime", root.get("jobs").get(3).get("status_reason").asText());
        assertEquals(2.0, root.get("jobs").get(1).get("speedup").asDouble());
        assertEquals("strong", root.get("scaling").asText());
        assertEquals(1, root.get("series").size());
        JsonNode series = root.get("series").get(0);
        JsonNode amdahl = series.get("fits").get("amdahl");
        assertEquals(0.0, amdahl.get("parameters").get("f").get("value").asDouble(), 1e-12);
        assertTrue(amdahl.get("limit_speedup").isNull());
        assertEquals("∞", amdahl.get("limit_speedup_text").asText());
        // twice the largest count with a time (4; 8 timed out); a perfect fit predicts S = p there
        assertEquals(8, amdahl.get("predicted_at_procs").asInt());
        assertEquals(8.0, amdahl.get("predicted_speedup").asDouble(), 1e-9);
        assertEquals(1, series.get("baseline").get("procs").asInt());
        assertFalse(series.get("baseline").get("fallback").asBoolean());
        assertEquals(3, series.get("points").size());
        assertEquals(List.of(8), List.of(series.get("missing_procs").get(0).asInt()));
        assertTrue(root.get("methods").get("interval").asText().contains("Student t"));
    }
}
