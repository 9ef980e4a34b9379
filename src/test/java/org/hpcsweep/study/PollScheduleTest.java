package org.hpcsweep.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.hpcsweep.service.Database;
import org.hpcsweep.service.TestStudies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the monitor looks at a job again: what the study has already seen decides it. */
class PollScheduleTest {
    private static final long MIN = 500;
    private static final long MAX = 30_000;
    private static final ObservedStatus QUEUED = new ObservedStatus("Queued", null, JobState.PENDING);
    private static final ObservedStatus EXECUTING = new ObservedStatus("Executing", null, JobState.RUNNING);
    private static final ObservedStatus DONE = new ObservedStatus("Completed", "Completed successfully", JobState.SUCCEEDED);

    @TempDir
    Path dir;
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private DataSource db;
    private StudyRuns runs;
    private StudyRun run;

    @BeforeEach
    void start() throws Exception {
        db = Database.open("jdbc:h2:file:" + dir.resolve("db/state").toAbsolutePath(), "", "");
        runs = new StudyRuns(new StudyStore(db), dir.resolve("inputs"), dir.resolve("output"), "http://127.0.0.1:1", MIN, MAX, clock::get);
        String yaml = "name: schedule\nprocessors: [1, 2, 4]\njob: {command: \"bash workload.sh {procs} 1000\"}\n";
        run = runs.start(StudyFile.parse(yaml, "study.yaml"), yaml, TestStudies.shellStudy(dir, "schedule.zip", yaml));
        for (TrackedJob job : run.getJobs()) {
            job.setPlatformId("id" + job.getSpec().index());
            runs.submitted(job);
        }
    }

    @AfterEach
    void stop() {
        Database.close(db);
    }

    /** The study's first job runs 10 s (by the polls' clock) and succeeds. */
    private void firstJobRunsTenSeconds() {
        TrackedJob first = run.getJobs().get(0);
        runs.observe(first, EXECUTING);
        clock.addAndGet(10_000);
        runs.observe(first, DONE);
    }

    @Test
    void should_look_at_a_running_job_when_the_shortest_run_seen_would_end() {
        TrackedJob first = run.getJobs().get(0);
        TrackedJob second = run.getJobs().get(1);
        runs.observe(first, EXECUTING);
        assertEquals(clock.get() + MIN, first.getNextPollAt(), "nothing ended yet: look again soon");
        clock.addAndGet(10_000);
        runs.observe(first, DONE);

        runs.observe(second, EXECUTING);
        assertEquals(clock.get() + 10_000 + 500, second.getNextPollAt(),
                "the first job ran 10 s: look when that much has passed, and a twentieth more to be past the end");
    }

    @Test
    void should_keep_a_running_jobs_look_at_its_expected_end_when_another_jobs_call_sees_it_early() {
        TrackedJob second = run.getJobs().get(1);
        firstJobRunsTenSeconds();
        runs.observe(second, EXECUTING);
        long expectedEnd = second.getNextPollAt();
        clock.addAndGet(3_000);
        runs.observe(second, EXECUTING);
        assertEquals(expectedEnd, second.getNextPollAt());
    }

    @Test
    void should_look_at_a_job_seen_starting_before_the_first_end_when_its_run_should_end() {
        TrackedJob first = run.getJobs().get(0);
        TrackedJob second = run.getJobs().get(1);
        runs.observe(first, EXECUTING);
        clock.addAndGet(10_000);
        // One list call: the second job is seen starting before the first is seen ended.
        runs.observe(second, EXECUTING);
        assertEquals(clock.get() + MIN, second.getNextPollAt(), "no run has ended yet");
        runs.observe(first, DONE);
        assertEquals(clock.get() + 10_000 + 500, second.getNextPollAt(), "the first run's length now tells when to look");
    }

    @Test
    void should_count_a_run_from_when_the_platform_says_it_started_not_from_when_it_was_seen() {
        TrackedJob second = run.getJobs().get(1);
        firstJobRunsTenSeconds();
        java.time.Instant startedOnPlatform = java.time.Instant.ofEpochMilli(clock.get() - 3_000);
        runs.observe(second, new ObservedStatus("Executing", null, JobState.RUNNING, java.util.List.of(), null, startedOnPlatform));
        assertEquals(clock.get() - 3_000 + 10_000 + 500, second.getNextPollAt(), "started 3 s before this look");
    }

    @Test
    void should_expect_the_run_time_the_platform_measured_over_the_one_the_polls_saw() {
        TrackedJob first = run.getJobs().get(0);
        TrackedJob second = run.getJobs().get(1);
        runs.observe(first, EXECUTING);
        clock.addAndGet(10_700);
        runs.observe(first, new ObservedStatus("Completed", "Completed successfully", JobState.SUCCEEDED, java.util.List.of(),
                java.time.Duration.ofMillis(10_050)));
        runs.observe(second, EXECUTING);
        assertEquals(clock.get() + 10_050 + 502, second.getNextPollAt(), "the polls saw the end 650 ms late; the platform's clock did not");
    }

    @Test
    void should_look_more_rarely_at_a_waiting_job_that_does_not_change_counting_from_the_last_look() {
        TrackedJob job = run.getJobs().get(2);
        runs.observe(job, QUEUED);
        long interval = job.getPollInterval();
        assertTrue(interval > MIN, "a queued job is not looked at as often as possible: " + interval);
        clock.addAndGet(100);
        runs.observe(job, QUEUED);
        assertEquals(clock.get() + interval, job.getNextPollAt(), "a look before the job was due (another job's) restarts its interval");
        assertEquals(interval, job.getPollInterval(), "and does not lengthen it");
        clock.set(job.getNextPollAt());
        runs.observe(job, QUEUED);
        assertEquals(Math.round(interval * 1.5), job.getPollInterval());
        for (int i = 0; i < 30; i++) {
            clock.set(job.getNextPollAt());
            runs.observe(job, QUEUED);
        }
        assertEquals(MAX, job.getPollInterval(), "capped");
    }
}
