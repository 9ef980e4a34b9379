package org.hpcsweep.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.hpcsweep.study.JobOutcome;
import org.hpcsweep.study.JobState;
import org.hpcsweep.study.StudyOutcome;
import org.hpcsweep.study.StudyRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole flow over real HTTP on loopback: the service starts the embedded Rescale-compatible
 * platform, uploads a zip, creates and submits one job per processor count, polls, downloads each
 * job's comp_time.log and writes the report.
 */
class ScalingStudyEndToEndTest {
    @RegisterExtension
    static final OneService SERVICE = new OneService();
    static HpcSweepService service;
    static Path dir;

    @BeforeAll
    static void fixture() {
        service = SERVICE.service();
        dir = SERVICE.dir();
    }

    @Test
    void should_run_a_scaling_study_and_report_the_collected_times() throws Exception {
        Path zip = TestStudies.shellStudy(dir, "e2e.zip", """
                name: e2e
                processors: [1, 2]
                job:
                  command: "bash workload.sh {procs} 3000000"
                  walltime: 0.1
                """);
        StudyRun run = service.submit(zip);
        StudyOutcome outcome = run.completion().get(120, TimeUnit.SECONDS);

        assertEquals(2, outcome.jobs().size());
        Path out = outcome.outputDir();
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(3, csv.size(), "header and one row per job: " + csv);
        assertTrue(csv.get(0).startsWith("procs,seconds,speedup,efficiency"), csv.get(0));
        double t1 = 0;
        for (int i = 0; i < 2; i++) {
            JobOutcome job = outcome.jobs().get(i);
            assertEquals(JobState.SUCCEEDED, job.state(), job.toString());
            assertEquals("Completed successfully", job.statusReason());
            // The CSV holds exactly the time of the comp_time.log downloaded from that job.
            Path log = out.resolve("jobs/" + i + "-p" + job.procs() + "/comp_time.log");
            String[] logged = Files.readString(log).trim().split("\\s+");
            assertEquals(Integer.toString(job.procs()), logged[0]);
            double seconds = Double.parseDouble(logged[1]);
            assertEquals(seconds, job.seconds(), 1e-12);
            String[] row = csv.get(i + 1).split(",");
            assertEquals(job.procs(), Integer.parseInt(row[0]));
            assertEquals(seconds, Double.parseDouble(row[1]), 1e-9);
            if (job.procs() == 1) {
                t1 = seconds;
            }
            double speedup = t1 / seconds;
            assertEquals(speedup, Double.parseDouble(row[2]), 1e-6);
            assertEquals(speedup / job.procs(), Double.parseDouble(row[3]), 1e-6);
            assertTrue(csv.get(i + 1).contains(job.jobId()), "job id in row " + csv.get(i + 1));
        }
        for (String chart : List.of("speedup.png", "efficiency.png", "comptime.png")) {
            BufferedImage image = ImageIO.read(out.resolve(chart).toFile());
            assertEquals(800, image.getWidth(), chart);
            assertEquals(600, image.getHeight(), chart);
        }
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("speedup.png") && html.contains("efficiency.png") && html.contains("comptime.png"));
    }

    @Test
    void should_expect_each_job_of_a_studys_next_run_to_run_as_long_as_its_point_ran_before() throws Exception {
        String yaml = """
                name: rerun
                processors: [1, 2]
                job:
                  command: "sleep {procs}; bash workload.sh {procs} 1000"
                """;
        StudyRun first = service.submit(TestStudies.shellStudy(dir, "rerun-1.zip", yaml));
        first.getJobs().forEach(job -> assertEquals(0, first.expectedRunMillis(job), "nothing ran before"));
        first.completion().get(120, TimeUnit.SECONDS);

        StudyRun second = service.submit(TestStudies.shellStudy(dir, "rerun-2.zip", yaml));
        for (var job : second.getJobs()) {
            long expected = second.expectedRunMillis(job);
            // The platform's own run time of the same point (sleep 1 or sleep 2, and the workload), kept in the database.
            assertTrue(expected >= 1000L * job.getSpec().procs() && expected < 1000L * job.getSpec().procs() + 10_000,
                    job + " expected to run " + expected + " ms");
        }
        assertEquals(JobState.SUCCEEDED, second.completion().get(120, TimeUnit.SECONDS).jobs().get(1).state());
    }

    @Test
    void should_complete_a_study_with_a_failing_job_and_mark_it_failed() throws Exception {
        Path zip = TestStudies.shellStudy(dir, "fails.zip", """
                name: fails
                processors: [1, 2]
                job:
                  command: "if [ {procs} = 2 ]; then echo 'solver diverged' >&2; exit 3; fi; bash workload.sh {procs} 1000000"
                  walltime: 0.1
                """);
        StudyOutcome outcome = service.submit(zip).completion().get(120, TimeUnit.SECONDS);

        JobOutcome ok = outcome.jobs().get(0);
        JobOutcome failed = outcome.jobs().get(1);
        assertEquals(JobState.SUCCEEDED, ok.state());
        assertEquals(JobState.FAILED, failed.state());
        assertEquals("Completed", failed.finalStatus());
        assertEquals("A run failed", failed.statusReason());
        assertNull(failed.seconds());
        List<String> csv = Files.readAllLines(outcome.outputDir().resolve("results.csv"));
        assertTrue(csv.get(2).startsWith("2,,"), "failed row has no time: " + csv.get(2));
        assertTrue(csv.get(2).contains("A run failed"), csv.get(2));
        assertTrue(Files.readString(outcome.outputDir().resolve("report.html")).contains("A run failed"));
        assertTrue(Files.exists(outcome.outputDir().resolve("speedup.png")), "charts plot the points that exist");
    }

    @Test
    void should_record_a_job_the_platform_refuses_and_still_finish() throws Exception {
        int tooMany = Runtime.getRuntime().availableProcessors() * 4;
        Path zip = TestStudies.shellStudy(dir, "refused.zip", """
                name: refused
                processors: [1, %d]
                job:
                  command: "bash workload.sh {procs} 1000000"
                """.formatted(tooMany));
        StudyOutcome outcome = service.submit(zip).completion().get(120, TimeUnit.SECONDS);

        JobOutcome refused = outcome.jobs().get(1);
        assertEquals(JobState.FAILED, refused.state());
        assertNull(refused.jobId());
        assertTrue(refused.error().contains("coresPerSlot"), refused.error());
        assertEquals(JobState.SUCCEEDED, outcome.jobs().get(0).state());
    }

    @Test
    void should_record_a_missing_result_file_as_an_error_of_that_job() throws Exception {
        Path zip = TestStudies.shellStudy(dir, "nolog.zip", """
                name: nolog
                processors: [1]
                job:
                  command: "echo computed but wrote no log"
                """);
        StudyOutcome outcome = service.submit(zip).completion().get(120, TimeUnit.SECONDS);
        JobOutcome job = outcome.jobs().get(0);
        assertNull(job.seconds());
        assertEquals(JobState.FAILED, job.state(), "no time, no success");
        assertEquals("Completed successfully", job.statusReason(), "the platform's word is kept");
        assertTrue(job.error().contains("comp_time.log is not among the job's output files"), job.error());
    }

    @Test
    void should_stop_jobs_past_their_walltime_or_the_study_deadline_and_record_them_timed_out() throws Exception {
        Path zip = TestStudies.shellStudy(dir, "late.zip", """
                name: late
                processors: [1]
                parameters: {mode: [fast, slow]}
                deadline: 0.001
                job:
                  command: "if [ {mode} = fast ]; then bash workload.sh 1 1000; else sleep 60; fi"
                """);
        long start = System.nanoTime();
        StudyOutcome outcome = service.submit(zip).completion().get(60, TimeUnit.SECONDS);
        assertEquals(JobState.SUCCEEDED, outcome.jobs().get(0).state());
        JobOutcome late = outcome.jobs().get(1);
        assertEquals(JobState.TIMED_OUT, late.state(), late.toString());
        assertTrue(late.statusReason().contains("deadline"), late.statusReason());
        assertTrue(System.nanoTime() - start < 30_000_000_000L, "stopped long before its 60 s");
        assertTrue(Files.readString(outcome.outputDir().resolve("results.csv")).contains("TIMED_OUT"));
    }

    @Test
    void should_pass_parameter_values_with_shell_syntax_to_the_job_as_plain_words_without_running_them() throws Exception {
        Path zip = TestStudies.shellStudy(dir, "quoting.zip", """
                name: quoting
                processors: [1]
                parameters: {arg: ["$(touch pwned-by-substitution)", "; touch pwned-by-separator"]}
                job:
                  command: "printf '%s' {arg} > arg.txt; bash workload.sh {procs} 1000"
                  walltime: 0.1
                """);
        StudyOutcome outcome = service.submit(zip).completion().get(120, TimeUnit.SECONDS);
        for (JobOutcome job : outcome.jobs()) {
            assertEquals(JobState.SUCCEEDED, job.state(), job.toString());
        }
        List<Path> args;
        try (java.util.stream.Stream<Path> all = Files.walk(dir.resolve("platform/jobs"))) {
            List<Path> files = all.toList();
            assertTrue(files.stream().noneMatch(f -> f.getFileName().toString().startsWith("pwned")), "a value ran as shell: " + files);
            args = files.stream().filter(f -> f.getFileName().toString().equals("arg.txt")).toList();
        }
        java.util.Set<String> received = new java.util.HashSet<>();
        for (Path arg : args) {
            received.add(Files.readString(arg));
        }
        assertTrue(received.containsAll(List.of("$(touch pwned-by-substitution)", "; touch pwned-by-separator")),
                "each job got its value as one word: " + received);
    }
}
