package org.hpcsweep.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.hpcsweep.report.StudyTrend;
import org.hpcsweep.engine.StepErrors;
import org.hpcsweep.rescale.RescaleErrors;
import org.hpcsweep.service.Database;
import org.hpcsweep.study.JobState;
import org.hpcsweep.study.ObservedStatus;
import org.hpcsweep.study.StoredRuns;
import org.hpcsweep.study.StudyFile;
import org.hpcsweep.study.StudyRun;
import org.hpcsweep.study.StudyStore;
import org.hpcsweep.study.TrackedJob;
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
    private static final String YAML = "name: schedule\nprocessors: [1, 2, 4]\njob: {command: \"bash workload.sh {procs} 1000\"}\n";
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private DataSource db;
    private FlowBeans runs;
    private StudyRun run;

    @BeforeEach
    void start() throws Exception {
        db = Database.open("jdbc:h2:file:" + dir.resolve("db/state").toAbsolutePath(), "", "");
        runs = flowOn("http://127.0.0.1:1");
        run = submittedRun(runs, "schedule.zip");
    }

    private FlowBeans flowOn(String platformUrl) {
        return flowOn(platformUrl, platformUrl);
    }

    private FlowBeans flowOn(String platformUrl, String platformScope) {
        return flowOn(platformUrl, platformScope, 0);
    }

    private FlowBeans flowOn(String platformUrl, String platformScope, double lookFraction) {
        StoredRuns storedRuns = new StoredRuns(db);
        return new FlowBeans(new StudyStore(db), storedRuns, new StepErrors(new RescaleErrors(), s -> s, 0),
                new StudyTrend(storedRuns::timesByRun, 0.1),
                new FlowSettings(dir.resolve("inputs"), dir.resolve("output"), platformUrl, platformScope, MIN, MAX, lookFraction, 0, 60_000,
                        clock::get, FlowSettings.MAX_JOBS, "rescale"));
    }

    /** A new run of the study, its jobs all submitted. */
    private StudyRun submittedRun(FlowBeans on, String zipName) throws Exception {
        StudyRun started = on.intake().start(StudyFile.parse(YAML, "study.yaml"), YAML, TestStudies.shellStudy(dir, zipName, YAML));
        for (TrackedJob job : started.getJobs()) {
            job.setPlatformId(started.getRunId() + "-id" + job.getSpec().index());
            on.placement().submitted(job);
        }
        return started;
    }

    /** The job runs {@code millis} by the platform's clock, succeeds and is collected. */
    private void runsAndIsCollected(FlowBeans on, TrackedJob job, long millis) {
        on.monitor().observe(job, EXECUTING);
        clock.addAndGet(millis);
        on.monitor().observe(job, new ObservedStatus("Completed", "Completed successfully", JobState.SUCCEEDED, java.util.List.of(),
                java.time.Duration.ofMillis(millis)));
        on.collect().finish(job, millis / 1000.0, null);
    }

    private long next(TrackedJob job) {
        return runs.schedule().nextLookAt(job);
    }

    private long interval(TrackedJob job) {
        return runs.schedule().interval(job);
    }

    @AfterEach
    void stop() {
        Database.close(db);
    }

    /** The study's first job runs 10 s (by the polls' clock) and succeeds. */
    private void firstJobRunsTenSeconds() {
        TrackedJob first = run.getJobs().get(0);
        runs.monitor().observe(first, EXECUTING);
        clock.addAndGet(10_000);
        runs.monitor().observe(first, DONE);
    }

    @Test
    void should_look_at_a_running_job_when_the_shortest_run_seen_would_end() {
        TrackedJob first = run.getJobs().get(0);
        TrackedJob second = run.getJobs().get(1);
        runs.monitor().observe(first, EXECUTING);
        assertEquals(clock.get() + MIN, next(first), "nothing ended yet: look again soon");
        clock.addAndGet(10_000);
        runs.monitor().observe(first, DONE);

        runs.monitor().observe(second, EXECUTING);
        assertEquals(clock.get() + 10_000 + 500, next(second),
                "the first job ran 10 s: look when that much has passed, and a twentieth more to be past the end");
    }

    @Test
    void should_keep_a_running_jobs_look_at_its_expected_end_when_another_jobs_call_sees_it_early() {
        TrackedJob second = run.getJobs().get(1);
        firstJobRunsTenSeconds();
        runs.monitor().observe(second, EXECUTING);
        long expectedEnd = next(second);
        clock.addAndGet(3_000);
        runs.monitor().observe(second, EXECUTING);
        assertEquals(expectedEnd, next(second));
    }

    @Test
    void should_look_at_a_job_seen_starting_before_the_first_end_when_its_run_should_end() {
        TrackedJob first = run.getJobs().get(0);
        TrackedJob second = run.getJobs().get(1);
        runs.monitor().observe(first, EXECUTING);
        clock.addAndGet(10_000);
        // One list call: the second job is seen starting before the first is seen ended.
        runs.monitor().observe(second, EXECUTING);
        assertEquals(clock.get() + MIN, next(second), "no run has ended yet");
        runs.monitor().observe(first, DONE);
        assertEquals(clock.get() + 10_000 + 500, next(second), "the first run's length now tells when to look");
    }

    @Test
    void should_count_a_run_from_when_the_platform_says_it_started_not_from_when_it_was_seen() {
        TrackedJob second = run.getJobs().get(1);
        firstJobRunsTenSeconds();
        java.time.Instant startedOnPlatform = java.time.Instant.ofEpochMilli(clock.get() - 3_000);
        runs.monitor().observe(second, new ObservedStatus("Executing", null, JobState.RUNNING, java.util.List.of(), null, startedOnPlatform));
        assertEquals(clock.get() - 3_000 + 10_000 + 500, next(second), "started 3 s before this look");
    }

    @Test
    void should_expect_the_run_time_the_platform_measured_over_the_one_the_polls_saw() {
        TrackedJob first = run.getJobs().get(0);
        TrackedJob second = run.getJobs().get(1);
        runs.monitor().observe(first, EXECUTING);
        clock.addAndGet(10_700);
        runs.monitor().observe(first, new ObservedStatus("Completed", "Completed successfully", JobState.SUCCEEDED, java.util.List.of(),
                java.time.Duration.ofMillis(10_050)));
        runs.monitor().observe(second, EXECUTING);
        assertEquals(clock.get() + 10_050 + 502, next(second), "the polls saw the end 650 ms late; the platform's clock did not");
    }

    @Test
    void should_look_more_rarely_at_a_waiting_job_that_does_not_change_counting_from_the_last_look() {
        TrackedJob job = run.getJobs().get(2);
        runs.monitor().observe(job, QUEUED);
        long interval = interval(job);
        assertTrue(interval > MIN, "a queued job is not looked at as often as possible: " + interval);
        clock.addAndGet(100);
        runs.monitor().observe(job, QUEUED);
        assertEquals(clock.get() + interval, next(job), "a look before the job was due (another job's) restarts its interval");
        assertEquals(interval, interval(job), "and does not lengthen it");
        clock.set(next(job));
        runs.monitor().observe(job, QUEUED);
        assertEquals(Math.round(interval * 1.5), interval(job));
        for (int i = 0; i < 30; i++) {
            clock.set(next(job));
            runs.monitor().observe(job, QUEUED);
        }
        assertEquals(MAX, interval(job), "capped");
    }

    /** Job 0 runs on a cluster of one place; jobs 1 and 2 wait behind it until their intervals have grown to max-interval. */
    private void oneRunningTwoQueuedLong(TrackedJob running, TrackedJob... queued) {
        runs.monitor().observe(running, EXECUTING);
        for (TrackedJob job : queued) {
            runs.monitor().observe(job, QUEUED);
        }
        runs.monitor().ticked();
        for (int i = 0; i < 30; i++) {
            clock.set(next(queued[0]));
            runs.monitor().observe(running, EXECUTING);
            for (TrackedJob job : queued) {
                runs.monitor().observe(job, QUEUED);
            }
            runs.monitor().ticked();
        }
        for (TrackedJob job : queued) {
            assertEquals(MAX, interval(job), "waited long: looked at every max-interval");
        }
    }

    @Test
    void should_look_at_queued_jobs_soon_when_a_place_frees_and_rarely_again_once_it_is_taken() {
        TrackedJob running = run.getJobs().get(0);
        TrackedJob next = run.getJobs().get(1);
        TrackedJob last = run.getJobs().get(2);
        oneRunningTwoQueuedLong(running, next, last);

        clock.addAndGet(1_000);
        runs.monitor().observe(running, DONE);
        runs.monitor().observe(next, QUEUED);
        runs.monitor().observe(last, QUEUED);
        runs.monitor().ticked();
        assertEquals(clock.get() + MIN, next(next), "a place is free: the scheduler gives it to a queued job within a second or so");
        assertEquals(clock.get() + MIN, next(last));

        clock.set(next(next));
        runs.monitor().observe(next, QUEUED);
        runs.monitor().observe(last, QUEUED);
        runs.monitor().ticked();
        assertEquals(clock.get() + Math.round(MIN * 1.5), next(last), "not taken yet: again soon, intervals growing from min-interval");

        clock.set(next(last));
        runs.monitor().observe(next, EXECUTING);
        runs.monitor().observe(last, QUEUED);
        runs.monitor().ticked();
        assertEquals(clock.get() + MAX, next(last), "the freed place is taken: back to the interval it had, nothing frees one before the next end");
    }

    @Test
    void should_not_bring_queued_jobs_forward_when_the_start_that_took_the_place_is_seen_in_the_same_tick_before_the_end() {
        TrackedJob running = run.getJobs().get(0);
        TrackedJob next = run.getJobs().get(1);
        TrackedJob last = run.getJobs().get(2);
        oneRunningTwoQueuedLong(running, next, last);

        clock.addAndGet(1_000);
        // One list call observed in this order: the start that took the place, then the end that freed it.
        runs.monitor().observe(next, EXECUTING);
        runs.monitor().observe(last, QUEUED);
        runs.monitor().observe(running, DONE);
        runs.monitor().ticked();
        assertEquals(clock.get() + MAX, next(last), "no place is free: the queued job keeps its interval");

        // Nor does a later end: the freed places are counted from the ends and starts seen, not left over.
        clock.addAndGet(10_000);
        runs.monitor().observe(next, DONE);
        runs.monitor().ticked();
        assertEquals(clock.get() + MIN, next(last), "the place that end freed is free");
    }

    @Test
    void should_expect_each_job_to_run_as_long_as_its_point_ran_in_the_studys_last_run_here() throws Exception {
        runsAndIsCollected(runs, run.getJobs().get(0), 20_000);
        runsAndIsCollected(runs, run.getJobs().get(1), 12_000);
        StudyRun next = submittedRun(runs, "again.zip");

        runs.monitor().observe(next.getJobs().get(1), EXECUTING);
        assertEquals(clock.get() + 12_000 + 600, next(next.getJobs().get(1)),
                "p=2 ran 12 s last time: look then (and a twentieth more), not at once");
        runs.monitor().observe(next.getJobs().get(0), EXECUTING);
        assertEquals(clock.get() + 20_000 + 2 * MIN, next(next.getJobs().get(0)),
                "p=1 ran 20 s last time: its own run, not the shortest of the study's (and two min-intervals more, not a twentieth)");
        runs.monitor().observe(next.getJobs().get(2), EXECUTING);
        assertEquals(clock.get() + MIN, next(next.getJobs().get(2)), "p=4 never ended before, and nothing of this run has");
    }

    @Test
    void should_look_at_a_first_runs_jobs_when_the_study_file_expects_them_to_end() throws Exception {
        String yaml = YAML.replace("1000\"}", "1000\", expectedRuntime: 90s}");
        StudyRun hinted = runs.intake().start(StudyFile.parse(yaml, "study.yaml"), yaml, TestStudies.shellStudy(dir, "hinted.zip", yaml));
        TrackedJob job = hinted.getJobs().get(0);
        job.setPlatformId("hinted-id0");
        runs.placement().submitted(job);
        long started = clock.get();
        runs.monitor().observe(job, EXECUTING);
        assertEquals(started + MAX, next(job), "90 s to go by the study file: max-interval, not min-interval");
        for (int look = 2; look <= 3; look++) {
            clock.set(next(job));
            runs.monitor().observe(job, EXECUTING);
            assertEquals(started + look * MAX, next(job), "until the expected end: every max-interval");
        }
        clock.set(next(job));
        runs.monitor().observe(job, EXECUTING);
        assertEquals(started + 90_000 + 2 * MIN, next(job), "then just after the expected end, not max-interval later");
    }

    @Test
    void should_expect_a_points_last_run_over_the_study_files_guess() throws Exception {
        runsAndIsCollected(runs, run.getJobs().get(0), 20_000);
        String yaml = YAML.replace("1000\"}", "1000\", expectedRuntime: 90s}");
        StudyRun next = runs.intake().start(StudyFile.parse(yaml, "study.yaml"), yaml, TestStudies.shellStudy(dir, "next.zip", yaml));
        assertEquals(20_000, next.expectedRunMillis(next.getJobs().get(0)), "p=1 ran 20 s here: measured wins");
        assertEquals(90_000, next.expectedRunMillis(next.getJobs().get(1)), "p=2 never ran: the study file's guess");
    }

    @Test
    void should_not_expect_run_times_from_another_platform() throws Exception {
        runsAndIsCollected(runs, run.getJobs().get(0), 20_000);
        FlowBeans elsewhere = flowOn("http://127.0.0.1:2");
        StudyRun there = submittedRun(elsewhere, "there.zip");
        elsewhere.monitor().observe(there.getJobs().get(0), EXECUTING);
        assertEquals(clock.get() + MIN, elsewhere.schedule().nextLookAt(there.getJobs().get(0)));
    }

    @Test
    void should_look_every_max_interval_until_a_long_run_should_end_then_more_and_more_rarely() throws Exception {
        runsAndIsCollected(runs, run.getJobs().get(0), 70_000);
        StudyRun next = submittedRun(runs, "again.zip");
        TrackedJob job = next.getJobs().get(0);
        long started = clock.get();
        long end = started + 70_000 + 2 * MIN;
        runs.monitor().observe(job, EXECUTING);
        assertEquals(started + MAX, next(job), "70 s to go: a look after max-interval, no sooner");
        clock.set(next(job));
        runs.monitor().observe(job, EXECUTING);
        assertEquals(started + 2 * MAX, next(job), "still long before the end: max-interval again, not min-interval");
        clock.set(next(job));
        runs.monitor().observe(job, EXECUTING);
        assertEquals(end, next(job), "the last look before the end is at the end");
        clock.set(end);
        runs.monitor().observe(job, EXECUTING);
        assertEquals(end + Math.round(MIN * 1.5), next(job), "running past its expected end: from min-interval, growing");
    }

    @Test
    void should_remember_run_times_across_a_restart_of_the_service() throws Exception {
        runsAndIsCollected(runs, run.getJobs().get(0), 20_000);
        StudyRun next = submittedRun(runs, "again.zip");
        StudyRun resumed = flowOn("http://127.0.0.1:1").resume().unfinished().stream()
                .filter(r -> r.getRunId().equals(next.getRunId())).findFirst().orElseThrow();
        assertEquals(20_000, resumed.expectedRunMillis(resumed.getJobs().get(0)));
    }

    @Test
    void should_let_running_jobs_started_apart_come_to_share_their_looks() throws Exception {
        runsAndIsCollected(runs, run.getJobs().get(0), 120_000);
        runsAndIsCollected(runs, run.getJobs().get(1), 120_000);
        StudyRun next = submittedRun(runs, "again.zip");
        TrackedJob early = next.getJobs().get(0);
        TrackedJob late = next.getJobs().get(1);
        startApartThenOneListCall(early, late, 1_000);
        assertEquals(next(early), next(late), "the next capped looks fall together");
    }

    @Test
    void should_look_at_a_run_of_unknown_length_after_a_fraction_of_the_time_it_has_run() throws Exception {
        FlowBeans withFraction = flowOn("http://127.0.0.1:2", "http://127.0.0.1:2", 0.25);
        TrackedJob job = submittedRun(withFraction, "fraction.zip").getJobs().get(0);
        withFraction.monitor().observe(job, EXECUTING);
        long lastGap = 0;
        for (int look = 0; look < 40; look++) {
            long ran = clock.get() - job.getRunningSince();
            long gap = withFraction.schedule().nextLookAt(job) - clock.get();
            assertEquals(Math.min(MAX, Math.max(MIN, Math.round(ran * 0.25))), gap,
                    "after " + ran + " ms running: a quarter of that, within min- and max-interval");
            assertTrue(gap >= lastGap, "never sooner than the look before");
            lastGap = gap;
            clock.addAndGet(gap);
            withFraction.monitor().observe(job, EXECUTING);
        }
        assertEquals(MAX, lastGap, "a long run is looked at every max-interval");
    }

    @Test
    void should_restart_the_interval_of_a_running_job_with_no_expected_end_when_another_jobs_call_sees_it() {
        TrackedJob second = run.getJobs().get(1);
        startApartThenOneListCall(run.getJobs().get(0), second, 200);
        assertEquals(clock.get() + interval(second), next(second), "seen now: counts from now");
    }

    /**
     * Two jobs start {@code apartMillis} apart; then one list call, made when the first is due, sees
     * both still running: the second before its own look was due.
     */
    private void startApartThenOneListCall(TrackedJob first, TrackedJob second, long apartMillis) {
        runs.monitor().observe(first, EXECUTING);
        clock.addAndGet(apartMillis);
        runs.monitor().observe(second, EXECUTING);
        clock.set(next(first));
        runs.monitor().observe(first, EXECUTING);
        runs.monitor().observe(second, EXECUTING);
    }

    @Test
    void should_expect_the_run_times_of_the_embedded_platform_of_an_earlier_start() throws Exception {
        FlowBeans before = flowOn("http://127.0.0.1:40001", "local");
        StudyRun first = submittedRun(before, "first.zip");
        runsAndIsCollected(before, first.getJobs().get(0), 20_000);
        FlowBeans now = flowOn("http://127.0.0.1:40002", "local");
        StudyRun second = submittedRun(now, "second.zip");
        assertEquals(20_000, second.expectedRunMillis(second.getJobs().get(0)), "another port, the same machine");
    }
}
