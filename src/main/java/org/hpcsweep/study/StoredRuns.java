package org.hpcsweep.study;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The questions asked of the runs {@link StudyStore} recorded, kept apart from it so that whoever only
 * asks cannot write: intake asks how long each point ran before (to time its first looks), the report
 * for the study's trend across runs, the inbox whether a zip was taken already ({@link StudyStore#runStarted}
 * marks it), a restart which runs to resume, the API and page for runs and their jobs, the metrics and the
 * readiness check. A query sees only committed writes: not the looks the store leaves to its next commit.
 */
public final class StoredRuns {
    private final JdbcTemplate jdbc;

    public StoredRuns(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
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

    /**
     * Every run not reported nor abandoned, with its jobs, to resume. Each one resumed goes to
     * {@link StudyStore#runResumed} before its jobs are looked at, or their new status entries would be
     * numbered from 1 again, over the stored ones.
     */
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
