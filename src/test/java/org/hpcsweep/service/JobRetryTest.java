package org.hpcsweep.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.hpcsweep.platform.LocalPlatform;
import org.hpcsweep.platform.LocalPlatformSettings;
import org.hpcsweep.study.JobOutcome;
import org.hpcsweep.study.JobState;
import org.hpcsweep.study.StudyOutcome;
import org.hpcsweep.study.StudyRun;
import org.hpcsweep.study.StoredRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * job.retries: a job that fails on the platform is created and submitted again as a new platform
 * job, as often as the study says and no more; its history shows each try.
 */
class JobRetryTest {
    @TempDir
    Path dir;

    @Test
    void should_place_a_failed_job_again_and_collect_the_result_of_the_try_that_worked() throws Exception {
        Path marks = Files.createDirectories(dir.resolve("marks"));
        // Shared scratch, like /tmp: under root the platform runs jobs as an unprivileged user.
        Files.setPosixFilePermissions(marks, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        // Fails the first time it runs for a processor count, works the second time.
        StudyOutcome outcome = runStudy("""
                name: flaky
                processors: [1, 2]
                job:
                  command: "if [ -e %1$s/{procs} ]; then bash workload.sh {procs} 1000; else touch %1$s/{procs}; exit 3; fi"
                  retries: 2
                """.formatted(marks), 4, 4);
        for (JobOutcome job : outcome.jobs()) {
            assertEquals(JobState.SUCCEEDED, job.state(), job.toString());
            assertTrue(job.hasTime(), job.toString());
        }
    }

    @Test
    void should_give_up_after_the_retries_the_study_allows_and_log_the_failed_job_at_warn() throws Exception {
        StudyOutcome outcome;
        try (LogCapture log = new LogCapture()) {
            outcome = runStudy("""
                    name: broken
                    processors: [1]
                    job:
                      command: "exit 7"
                      retries: 1
                    """, 2, 2);
            assertTrue(log.events().stream().anyMatch(e -> e.getLevel() == org.apache.logging.log4j.Level.WARN
                    && e.getLoggerName().equals("hpcsweep.study")
                    && e.getMessage().getFormattedMessage().matches(".*1/1 done; job .* FAILED.*")),
                    "the failed job's outcome is a WARN line");
        }
        JobOutcome job = outcome.jobs().get(0);
        assertEquals(JobState.FAILED, job.state(), job.toString());
        assertEquals("A run failed", job.statusReason(), job.toString());
    }

    private StudyOutcome runStudy(String studyYaml, int created, int submitted) throws Exception {
        String key = "retry-key";
        Path keyFile = Files.writeString(dir.resolve("key"), key);
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, dir.resolve("platform"), Set.of(key), 2))) {
            ServiceSettings settings = TestStudies.settings(dir, Map.of(
                    "hpcsweep.platform.url", platform.baseUrl().toString(),
                    "hpcsweep.platform.api-key-file", keyFile.toString()));
            StudyOutcome outcome;
            String runId;
            try (HpcSweepService service = HpcSweepService.start(settings)) {
                StudyRun run = service.submit(TestStudies.shellStudy(dir, "retry.zip", studyYaml));
                outcome = run.completion().get(60, TimeUnit.SECONDS);
                runId = run.getRunId();
            }
            javax.sql.DataSource db = Database.open(settings.get("hpcsweep.db.url"), settings.get("hpcsweep.db.user"),
                    settings.get("hpcsweep.db.password"));
            List<Map<String, Object>> jobs;
            try {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> detail = (List<Map<String, Object>>) new StoredRuns(db).runDetail(runId).get("jobs");
                jobs = detail;
            } finally {
                Database.close(db);
            }
            assertEquals(created, platform.counters().jobsCreated(), "platform jobs created");
            assertEquals(submitted, platform.counters().jobsSubmitted(), "platform jobs submitted");
            for (Map<String, Object> job : jobs) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> history = (List<Map<String, Object>>) job.get("history");
                long retries = history.stream().filter(h -> "Retry".equals(h.get("status"))).count();
                assertEquals(created / jobs.size() - 1, retries, "one Retry entry per new try: " + history);
            }
            return outcome;
        }
    }
}
