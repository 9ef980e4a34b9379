package org.hpcsweep.study;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes every step of every study run through to the database (schema in db/migration), so the
 * service can be killed at any point and resume without losing a result or repeating a billed call.
 * Every write is committed before it returns (one transaction where a step needs two statements): a
 * crash leaves the last completed step recorded. Writes made at the same time by several threads
 * share one commit ({@link GroupCommit}). It also numbers each job's status history (across the job's tries),
 * since it is what writes the entries. What it wrote is read back through {@link StoredRuns}.
 */
public final class StudyStore {
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final GroupCommit writes;
    /** How each job's stored status history is numbered, across its tries. */
    private final HistoryNumbers numbers = new HistoryNumbers();

    public StudyStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.writes = new GroupCommit(jdbc, transaction);
    }

    /**
     * Commits the writes left to the next commit (a job's CREATED, SUBMITTED, what the monitor saw):
     * the monitor calls it after each tick's looks, the service as it stops.
     */
    public void flush() {
        writes.flush();
    }

    /**
     * Records a new run and its planned jobs. {@code inboxKey} is the idempotency key of the inbox zip
     * it came from (null otherwise): the run's record is what marks that zip as taken.
     */
    public void runStarted(StudyRun run, String source, String sha256, String platformUrl, String platformScope, String inboxKey) {
        // One transaction: a run is recorded with all its jobs or not at all (and with it, its inbox zip as taken).
        transaction.executeWithoutResult(t -> insertRun(run, source, sha256, platformUrl, platformScope, inboxKey));
    }

    private void insertRun(StudyRun run, String source, String sha256, String platformUrl, String platformScope, String inboxKey) {
        jdbc.update("INSERT INTO study_run (run_id, study_name, study_file_text, zip_path, zip_sha256, output_dir, "
                        + "platform_url, platform_scope, phase, started_at, inbox_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                run.getRunId(), run.getStudy().name(), run.getStudyFileText(), run.getZip().toString(), sha256,
                run.getOutputDir().toString(), platformUrl, platformScope, RunPhase.STARTED.name(), Timestamp.from(run.getStarted()),
                inboxKey);
        // One batch: a statement sent per job was most of the intake of a 1,000-job study.
        List<Object[]> rows = new ArrayList<>();
        for (TrackedJob job : run.getJobs()) {
            rows.add(new Object[] {run.getRunId(), job.getSpec().index(), job.getPlatformName(), job.getSpec().procs(),
                    job.getSpec().pointKey(), SubmitPhase.PLANNED.name(), JobState.PENDING.name()});
        }
        jdbc.batchUpdate("INSERT INTO study_job (run_id, idx, name, procs, point, submit_phase, state) VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows);
    }

    public void runPhase(String runId, RunPhase phase, String inputFileId) {
        writes.write(new GroupCommit.Statement("UPDATE study_run SET phase = ?, input_file_id = COALESCE(?, input_file_id) WHERE run_id = ?",
                phase.name(), inputFileId, runId));
    }

    public void runFinished(String runId, RunPhase phase, String failure) {
        numbers.forget(runId);
        writes.write(new GroupCommit.Statement("UPDATE study_run SET phase = ?, finished_at = ?, failure = ? WHERE run_id = ?",
                phase.name(), Timestamp.from(Instant.now()), failure, runId));
    }

    /**
     * A run read back after a restart ({@link StoredRuns#unfinishedRuns}) goes on: its jobs' status
     * histories are numbered on from the entries stored, which only the reading knows.
     */
    public void runResumed(StoredRun run) {
        Map<Integer, List<String>> histories = new HashMap<>();
        for (StoredJob job : run.jobs()) {
            if (!job.history().isEmpty()) {
                histories.put(job.index(), job.history());
            }
        }
        numbers.restore(run.runId(), histories);
    }

    public void jobSubmitPhase(TrackedJob job) {
        writes.write(submitPhase(job));
    }

    /**
     * The job's submit phase, left to the next commit: for a phase a crash may lose because the
     * restart finds it out anyway (CREATED: the job is searched for by name as after any create
     * under way; SUBMITTED: its statuses tell it was submitted). The next phase that is waited on
     * (SUBMITTING before the submit call) commits it first.
     */
    public void jobSubmitPhaseLater(TrackedJob job) {
        writes.writeLater(submitPhase(job));
    }

    private static GroupCommit.Statement submitPhase(TrackedJob job) {
        return new GroupCommit.Statement("UPDATE study_job SET submit_phase = ?, platform_id = ? WHERE run_id = ? AND idx = ?",
                job.getSubmitPhase().name(), job.getPlatformId(), job.getRunId(), job.getSpec().index());
    }

    /**
     * What the platform said of the job, which changed: its present state, status and reason, and
     * the entries of its status history not stored yet. Those are the platform's own history of this
     * try where it tells it (it may have moved several steps between two looks), else what was seen
     * {@code now}; entries are numbered across the job's tries.
     *
     * <p>Left to the next commit, as the monitor's looks are: one lost in a crash is looked at again
     * after the restart (the job is still recorded as it was before, and its entries not stored yet
     * are numbered on from those that are), and a job that ended is collected only after a write that
     * is waited on ({@link #jobFinished}) has committed this one before it. The monitor commits each
     * tick's looks together ({@link #flush}): one commit per changed job, on the one monitor thread,
     * was a sixth of the 1,000-job submit phase's CPU (bench/ANALYSIS.md).
     */
    public void jobObserved(TrackedJob job, ObservedStatus seen, Instant now) {
        List<GroupCommit.Statement> statements = new ArrayList<>();
        for (HistoryNumbers.Numbered entry : numbers.observed(job, seen, now)) {
            statements.add(jobStatus(job, entry.seq(), entry.status(), entry.reason(), entry.when()));
        }
        statements.add(new GroupCommit.Statement("UPDATE study_job SET state = ?, last_status = ?, status_reason = ? WHERE run_id = ? AND idx = ?",
                job.getState().name(), job.getLastStatus(), job.getStatusReason(), job.getRunId(), job.getSpec().index()));
        writes.writeLater(statements.toArray(GroupCommit.Statement[]::new));
    }

    /** One entry of the job's status history, numbered from 1. */
    private static GroupCommit.Statement jobStatus(TrackedJob job, int seq, String status, String reason, Instant when) {
        return new GroupCommit.Statement("INSERT INTO job_status (run_id, idx, seq, status, reason, observed_at) VALUES (?, ?, ?, ?, ?, ?)",
                job.getRunId(), job.getSpec().index(), seq, status, reason, Timestamp.from(when));
    }

    /**
     * A try of the job failed and a new one follows: the {@code Retry} history entry and the job put
     * back to be placed, in one transaction, so that a crash leaves either the failed try to collect
     * or the new one to place, never both.
     */
    public void jobRetried(TrackedJob job, String why, Instant when) {
        int seq = numbers.retried(job);
        writes.write(jobStatus(job, seq, TrackedJob.RETRY, why, when),
                new GroupCommit.Statement("UPDATE study_job SET submit_phase = ?, platform_id = NULL, state = ?, last_status = NULL, "
                        + "status_reason = NULL WHERE run_id = ? AND idx = ?",
                        SubmitPhase.PLANNED.name(), JobState.PENDING.name(), job.getRunId(), job.getSpec().index()));
    }

    public void jobFinished(TrackedJob job, JobOutcome outcome) {
        long ran = job.getRunMillis();
        writes.write(new GroupCommit.Statement("UPDATE study_job SET state = ?, status_reason = ?, seconds = ?, error = ?, ran_millis = ?, "
                        + "exit_code = ?, log_tail = ?, collected = TRUE WHERE run_id = ? AND idx = ?",
                outcome.state().name(), outcome.statusReason(), outcome.seconds(), outcome.error(), ran > 0 ? ran : null,
                outcome.exitCode(), outcome.logTail(), job.getRunId(), job.getSpec().index()));
    }

}
