package org.hpcsweep.study;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.hpcsweep.service.Database;
import org.hpcsweep.service.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/** A job's status history as the store numbers it: every change once, across tries and restarts; on H2 and PostgreSQL. */
class StatusHistoryTest {
    private static final String YAML = "name: history\nprocessors: [1]\njob: {command: \"true\"}\n";
    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    @TempDir
    Path dir;
    private DataSource db;
    private StudyStore store;
    private StoredRuns storedRuns;
    private TrackedJob job;

    private void start(String kind) throws Exception {
        TestDatabases.Db fresh = TestDatabases.fresh(kind, dir);
        db = Database.open(fresh.url(), fresh.user(), fresh.password());
        store = new StudyStore(db);
        storedRuns = new StoredRuns(db);
        StudyRun run = new StudyRun("run-1", StudyFile.parse(YAML, "study.yaml"), YAML, dir.resolve("in.zip"), dir.resolve("out"), T0);
        store.runStarted(run, "study.yaml", "sha", "http://127.0.0.1:1", "local", null);
        job = run.getJobs().get(0);
        job.setPlatformId("a");
    }

    @AfterEach
    void stop() {
        if (db != null) {
            Database.close(db);
        }
    }

    /** As the monitor does: the change recorded, then committed with the rest of its tick's looks (Monitor.ticked). */
    private void seen(ObservedStatus status) {
        job.observe(status, T0.toEpochMilli(), T0.toEpochMilli());
        store.jobObserved(job, status, T0);
        store.flush();
    }

    @SuppressWarnings("unchecked")
    private List<String> history() {
        Map<String, Object> detail = (Map<String, Object>) ((List<?>) storedRuns.runDetail("run-1").get("jobs")).get(0);
        return ((List<Map<String, Object>>) detail.get("history")).stream().map(h -> (String) h.get("status")).toList();
    }

    @ParameterizedTest
    @MethodSource("org.hpcsweep.service.TestDatabases#kinds")
    void should_record_every_change_of_an_engine_that_tells_only_the_present_status(String kind) throws Exception {
        start(kind);
        seen(new ObservedStatus("PENDING", null, JobState.PENDING));
        seen(new ObservedStatus("RUNNING", null, JobState.RUNNING));
        seen(new ObservedStatus("COMPLETED", "exit code 0", JobState.SUCCEEDED));
        assertEquals(List.of("PENDING", "RUNNING", "COMPLETED"), history());
    }

    @ParameterizedTest
    @MethodSource("org.hpcsweep.service.TestDatabases#kinds")
    void should_record_only_the_new_entries_of_a_platforms_history_and_number_a_new_try_after_the_last(String kind) throws Exception {
        start(kind);
        ObservedStatus.Entry queued = new ObservedStatus.Entry("Queued", null, T0);
        ObservedStatus.Entry executing = new ObservedStatus.Entry("Executing", null, T0.plusSeconds(1));
        ObservedStatus.Entry completed = new ObservedStatus.Entry("Completed", "A run failed", T0.plusSeconds(2));
        seen(new ObservedStatus("Executing", null, JobState.RUNNING, List.of(queued, executing)));
        seen(new ObservedStatus("Completed", "A run failed", JobState.FAILED, List.of(queued, executing, completed)));
        store.jobRetried(job, "try 1 failed", T0.plusSeconds(3));
        job.retry();
        seen(new ObservedStatus("Queued", null, JobState.PENDING, List.of(queued)));
        assertEquals(List.of("Queued", "Executing", "Completed", TrackedJob.RETRY, "Queued"), history());

        // After a restart the store picks its numbering up from what it holds, once the run read back is resumed.
        StudyStore restarted = new StudyStore(db);
        StoredRun resumed = new StoredRuns(db).unfinishedRuns().get(0);
        assertEquals(2, resumed.jobs().get(0).attempt());
        restarted.runResumed(resumed);
        store = restarted;
        seen(new ObservedStatus("Executing", null, JobState.RUNNING, List.of(queued, executing)));
        assertEquals(List.of("Queued", "Executing", "Completed", TrackedJob.RETRY, "Queued", "Executing"), history());
    }
}
