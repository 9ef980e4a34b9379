package org.hpcsweep.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hpcsweep.study.JobOutcome;
import org.hpcsweep.study.JobState;
import org.hpcsweep.study.StudyOutcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What issue 17 asks of a study's answer, through the whole service on the embedded platform: series
 * and repeats, a failed job's own words, a value read with a pattern.
 */
class StudyAnswersEndToEndTest {
    @RegisterExtension
    static final OneService SERVICE = new OneService();
    static HpcSweepService service;
    static Path dir;

    @BeforeAll
    static void fixture() {
        service = SERVICE.service();
        dir = SERVICE.dir();
    }

    private static StudyOutcome run(String zipName, String yaml) throws Exception {
        return service.submit(TestStudies.shellStudy(dir, zipName, yaml)).completion().get(180, TimeUnit.SECONDS);
    }

    @Test
    void should_give_each_series_its_own_speedup_from_the_median_of_its_repeats() throws Exception {
        StudyOutcome outcome = run("series.zip", """
                name: series
                processors: [1, 2]
                repeats: 3
                parameters: {size: [10, 40]}
                job:
                  command: "awk -v p={procs} -v s={size} 'BEGIN { printf \\"%d %g\\\\n\\", p, s / p }' > comp_time.log"
                """);
        assertEquals(12, outcome.jobs().size(), "2 counts x 2 sizes x 3 repeats");
        for (JobOutcome job : outcome.jobs()) {
            assertEquals(JobState.SUCCEEDED, job.state(), job.toString());
            assertEquals(Double.parseDouble(job.point().get("size")) / job.procs(), job.seconds(), 1e-9);
            assertNotNull(job.ranSeconds(), "the platform's run time, for core-seconds");
        }
        assertEquals(List.of(1, 2, 3), outcome.jobs().subList(0, 3).stream().map(JobOutcome::repeat).toList());

        List<String> csv = Files.readAllLines(outcome.outputDir().resolve("results.csv"));
        List<String> header = List.of(csv.get(0).split(","));
        int size = header.indexOf("size");
        int procs = header.indexOf("procs");
        int speedup = header.indexOf("speedup");
        assertTrue(size >= 0 && header.contains("repeat"), "a column per parameter, and the repeat: " + header);
        assertEquals(13, csv.size(), "every sample kept: " + csv);
        for (String line : csv.subList(1, csv.size())) {
            String[] row = line.split(",", -1);
            if (row[procs].equals("2")) {
                assertEquals(2.0, Double.parseDouble(row[speedup]), 1e-9, "within its own series, size " + row[size] + ": " + line);
            }
        }
    }

    @Test
    void should_show_a_failed_jobs_own_output_in_the_report_and_keep_it_whole_in_its_folder() throws Exception {
        StudyOutcome outcome = run("crash.zip", """
                name: crash
                processors: [1, 2]
                job:
                  command: 'if [ {procs} = 2 ]; then echo "MARKER: segfault in solver step $((6 + 1))" >&2; exit 139; fi; echo "{procs} 1.0" > comp_time.log'
                """);
        // The marker's text is made by the job ("step 7"): the study file in the report says "$((6 + 1))".
        JobOutcome failed = outcome.jobs().get(1);
        assertEquals(JobState.FAILED, failed.state(), failed.toString());
        assertNotNull(failed.logTail(), failed.toString());
        assertTrue(failed.logTail().contains("MARKER: segfault in solver step 7"), failed.logTail());
        assertTrue(Files.readString(outcome.outputDir().resolve("jobs/1-p2/process_output.log")).contains("MARKER"), "the whole log");
        assertTrue(Files.readString(outcome.outputDir().resolve("report.html")).contains("MARKER: segfault in solver step 7"));
        assertEquals(JobState.SUCCEEDED, outcome.jobs().get(0).state());
    }

    @Test
    void should_read_the_value_with_the_studys_pattern_from_the_jobs_output() throws Exception {
        StudyOutcome outcome = run("pattern.zip", """
                name: pattern
                processors: [1]
                job:
                  command: "echo 'setup done'; echo 'elapsed: 2.50 s'"
                collect:
                  file: process_output.log
                  pattern: 'elapsed: ([0-9.]+) s'
                """);
        assertEquals(2.5, outcome.jobs().get(0).seconds(), 1e-12, outcome.jobs().get(0).toString());
    }
}
