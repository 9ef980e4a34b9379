package org.hpcsweep.study;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * since it is what writes the entries.
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

    /**
     * Whether an inbox zip with this key was taken: a run recorded from it exists and was not
     * abandoned, or an earlier version of the service marked it in Camel's table.
     */
    public boolean inboxKeyTaken(String key) {
        Long runs = jdbc.queryForObject("SELECT COUNT(*) FROM study_run WHERE inbox_key = ? AND phase <> 'ABANDONED'", Long.class, key);
        Long marked = jdbc.queryForObject("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'inbox' AND messageId = ?",
                Long.class, key);
        return runs + marked > 0;
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

    /**
     * How long each matrix point of the study ran when it last succeeded on this platform (its scope:
     * the platform's URL, or one name for a platform whose URL changes at every start), in an earlier
     * run than {@code runId}: point key ({@link JobSpec#pointKey}) to millis.
     */
    public Map<String, Long> lastRunMillis(String studyName, String platformScope, String runId) {
        Map<String, Long> byPoint = new HashMap<>();
        jdbc.query("SELECT j.point, j.ran_millis FROM study_run r JOIN study_job j ON j.run_id = r.run_id "
                + "WHERE r.study_name = ? AND r.platform_scope = ? AND r.run_id <> ? AND j.state = 'SUCCEEDED' "
                + "AND j.point IS NOT NULL AND j.ran_millis > 0 ORDER BY r.started_at DESC, r.run_id DESC", (ResultSet rs) -> {
            byPoint.putIfAbsent(rs.getString(1), rs.getLong(2));
        }, studyName, platformScope, runId);
        return byPoint;
    }

    /**
     * For the trend of a study across its runs: the successful times of each reported run and of the
     * run being reported now, oldest run first, as run id → series → (processors → times, every repeat).
     * The series is the job's stored matrix point ({@link JobSpec#pointKey}, e.g. {@code {n=5000, procs=2}})
     * without procs, as "n=5000" (parameters by name); "" for a study without parameters or a job stored
     * before points were.
     */
    public Map<String, Map<String, Map<Integer, List<Double>>>> timesByRun(String studyName, String currentRunId) {
        Map<String, Map<String, Map<Integer, List<Double>>>> runs = new java.util.LinkedHashMap<>();
        jdbc.query("SELECT r.run_id, j.point, j.procs, j.seconds FROM study_run r JOIN study_job j ON j.run_id = r.run_id "
                + "WHERE r.study_name = ? AND (r.phase = 'REPORTED' OR r.run_id = ?) AND j.state = 'SUCCEEDED' AND j.seconds IS NOT NULL "
                + "ORDER BY r.started_at, r.run_id, j.procs, j.idx", (ResultSet rs) -> {
            String point = rs.getString(2);
            List<String> series = new ArrayList<>();
            if (point != null && point.length() >= 2) {
                for (String entry : point.substring(1, point.length() - 1).split(", ")) {
                    if (!entry.isEmpty() && !entry.startsWith("procs=")) {
                        series.add(entry);
                    }
                }
            }
            runs.computeIfAbsent(rs.getString(1), k -> new java.util.TreeMap<>())
                    .computeIfAbsent(String.join(", ", series), k -> new java.util.TreeMap<>())
                    .computeIfAbsent(rs.getInt(3), k -> new ArrayList<>()).add(rs.getDouble(4));
        }, studyName, currentRunId);
        return runs;
    }

    /** How many jobs ended in {@code state} and were collected, over every run held: for the service's metrics. */
    public long finishedJobs(JobState state) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM study_job WHERE collected AND state = ?", Long.class, state.name());
    }

    /** Readiness: the database answers a query. */
    public String probe() {
        jdbc.queryForObject("SELECT COUNT(*) FROM study_run", Long.class);
        return "database answers";
    }

    /** Every run, newest first, with its job counts: what the service's API and page list. */
    public List<Map<String, Object>> runSummaries() {
        return jdbc.queryForList("SELECT r.run_id AS \"runId\", r.study_name AS \"study\", r.phase AS \"phase\", "
                + "r.started_at AS \"started\", r.finished_at AS \"finished\", r.failure AS \"failure\", "
                + "COUNT(j.idx) AS \"jobs\", "
                + "COALESCE(SUM(CASE WHEN j.collected THEN 1 ELSE 0 END), 0) AS \"done\", "
                + "COALESCE(SUM(CASE WHEN j.collected AND j.state = 'SUCCEEDED' THEN 1 ELSE 0 END), 0) AS \"succeeded\", "
                // Jobs end STOPPED only when their study is cancelled: the page tells such a run apart.
                + "COALESCE(SUM(CASE WHEN j.collected AND j.state = 'STOPPED' THEN 1 ELSE 0 END), 0) AS \"stopped\" "
                + "FROM study_run r LEFT JOIN study_job j ON j.run_id = r.run_id "
                + "GROUP BY r.run_id, r.study_name, r.phase, r.started_at, r.finished_at, r.failure ORDER BY r.started_at DESC");
    }

    /** One run with its jobs and each job's status history, or null. */
    public Map<String, Object> runDetail(String runId) {
        List<Map<String, Object>> runs = jdbc.queryForList("SELECT run_id AS \"runId\", study_name AS \"study\", phase AS \"phase\", "
                + "started_at AS \"started\", finished_at AS \"finished\", failure AS \"failure\", output_dir AS \"outputDir\", "
                + "platform_url AS \"platformUrl\", study_file_text AS \"studyFile\" FROM study_run WHERE run_id = ?", runId);
        if (runs.isEmpty()) {
            return null;
        }
        Map<String, Object> run = new java.util.LinkedHashMap<>(runs.get(0));
        List<Map<String, Object>> jobs = jdbc.queryForList("SELECT idx AS \"index\", name AS \"name\", procs AS \"procs\", "
                + "submit_phase AS \"submitPhase\", platform_id AS \"platformId\", state AS \"state\", last_status AS \"status\", "
                + "status_reason AS \"statusReason\", seconds AS \"seconds\", error AS \"error\", collected AS \"collected\", "
                + "exit_code AS \"exitCode\", log_tail AS \"logTail\" "
                + "FROM study_job WHERE run_id = ? ORDER BY idx", runId);
        Map<Integer, List<Map<String, Object>>> history = new HashMap<>();
        jdbc.queryForList("SELECT idx AS \"idx\", status AS \"status\", reason AS \"reason\", observed_at AS \"observed\" FROM job_status "
                + "WHERE run_id = ? ORDER BY idx, seq", runId).forEach(row -> history
                .computeIfAbsent(((Number) row.remove("idx")).intValue(), k -> new ArrayList<>()).add(row));
        List<Map<String, Object>> withHistory = new ArrayList<>();
        for (Map<String, Object> job : jobs) {
            Map<String, Object> j = new java.util.LinkedHashMap<>(job);
            j.put("history", history.getOrDefault(((Number) job.get("index")).intValue(), List.of()));
            withHistory.add(j);
        }
        run.put("jobs", withHistory);
        return run;
    }

    /** Every run not reported nor abandoned, with its jobs, to resume; their history numbering is picked up again. */
    public List<StoredRun> unfinishedRuns() {
        List<StoredRun> runs = new ArrayList<>();
        jdbc.query("SELECT run_id, study_file_text, zip_path, output_dir, platform_url, platform_scope, phase, input_file_id, started_at "
                + "FROM study_run WHERE phase NOT IN ('REPORTED', 'ABANDONED') ORDER BY started_at", (ResultSet rs) -> {
            String runId = rs.getString("run_id");
            Path zip = Path.of(rs.getString("zip_path"));
            runs.add(new StoredRun(runId, rs.getString("study_file_text"), StudyInput.studyFileName(zip), zip,
                    Path.of(rs.getString("output_dir")), rs.getString("platform_url"), rs.getString("platform_scope"),
                    RunPhase.valueOf(rs.getString("phase")),
                    rs.getString("input_file_id"), rs.getTimestamp("started_at").toInstant(), jobs(runId)));
        });
        return runs;
    }

    private List<StoredJob> jobs(String runId) {
        Map<Integer, List<String>> history = new HashMap<>();
        jdbc.query("SELECT idx, status FROM job_status WHERE run_id = ? ORDER BY idx, seq", (ResultSet rs) -> {
            history.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(rs.getString(2));
        }, runId);
        numbers.restore(runId, history);
        return jdbc.query("SELECT * FROM study_job WHERE run_id = ? ORDER BY idx", (rs, n) -> job(rs, history), runId);
    }

    private static StoredJob job(ResultSet rs, Map<Integer, List<String>> history) throws SQLException {
        int idx = rs.getInt("idx");
        double seconds = rs.getDouble("seconds");
        Double time = rs.wasNull() ? null : seconds;
        long ran = rs.getLong("ran_millis");
        Long ranMillis = rs.wasNull() ? null : ran;
        int exit = rs.getInt("exit_code");
        Integer exitCode = rs.wasNull() ? null : exit;
        return new StoredJob(idx, SubmitPhase.valueOf(rs.getString("submit_phase")), rs.getString("platform_id"),
                JobState.valueOf(rs.getString("state")), rs.getString("last_status"), rs.getString("status_reason"),
                time, rs.getString("error"), rs.getBoolean("collected"), history.getOrDefault(idx, List.of()), ranMillis, exitCode,
                rs.getString("log_tail"));
    }
}
