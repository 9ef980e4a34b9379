package org.hpcsweep.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.hpcsweep.study.JobOutcome;

/**
 * One job as the CSV, the JSON and the HTML table show it, so the three always agree.
 *
 * <p>Speedup, efficiency and Karp–Flatt here are of the job's own time against its series' baseline
 * (the median of the baseline's repeats); the per-point summary has the medians. They are null for
 * jobs without a time, and Karp–Flatt is null at p = 1, at the baseline itself and in weak scaling.
 *
 * @param series the job's value of each series parameter, in {@link StudyMetrics#parameters()} order
 */
public record ResultRow(List<String> series, int procs, int repeat, Double seconds, Double speedup, Double efficiency,
                        Double karpFlatt, Double coreSeconds, int index, String jobId, String jobName,
                        String finalStatus, String statusReason, String state, Integer exitCode, String error) {

    /**
     * The job columns, after one column per series parameter. A study without parameters keeps the
     * columns' old start (procs, seconds, speedup, efficiency, karp_flatt), so scripts that read it by
     * position still work; the new columns come after.
     */
    public static final List<String> COLUMNS = List.of("procs", "seconds", "speedup", "efficiency", "karp_flatt",
            "repeat", "core_seconds", "index", "job_id", "job_name", "final_status", "status_reason", "state",
            "exit_code", "error");

    /** The header: each series parameter by its name (prefixed "param_" if it clashes), then {@link #COLUMNS}. */
    public static List<String> columns(List<String> parameters) {
        List<String> header = new ArrayList<>();
        for (String p : parameters) {
            header.add(COLUMNS.contains(p) || header.contains(p) ? "param_" + p : p);
        }
        header.addAll(COLUMNS);
        return header;
    }

    /** One row per job, in the jobs' (matrix) order. */
    public static List<ResultRow> of(List<JobOutcome> jobs, StudyMetrics metrics) {
        List<ResultRow> rows = new ArrayList<>(jobs.size());
        for (JobOutcome job : jobs) {
            SeriesKey key = SeriesKey.of(metrics.parameters(), job);
            ScalingMetrics m = metrics.of(key);
            Double speedup = null;
            Double efficiency = null;
            Double kf = null;
            if (ScalingMetrics.counts(job) && m != null && m.hasTimes()) {
                speedup = m.speedupOf(job.procs(), job.seconds());
                efficiency = speedup / job.procs();
                if (m.scaling() == org.hpcsweep.study.Scaling.STRONG && job.procs() > 1
                        && job.procs() != m.baselineProcs()) {
                    kf = ScalingMetrics.karpFlatt(speedup, job.procs());
                }
            }
            rows.add(new ResultRow(List.copyOf(key.values().values()), job.procs(), job.repeat(), job.seconds(),
                    speedup, efficiency, kf, job.coreSeconds(), job.index(), job.jobId(), job.jobName(),
                    job.finalStatus(), job.statusReason(), job.state() == null ? null : job.state().name(),
                    job.exitCode(), job.error()));
        }
        return rows;
    }

    /** The measured and derived numbers, in {@link #COLUMNS} order from "seconds" on (the page rounds them). */
    public List<Double> numbers() {
        return Arrays.asList(seconds, speedup, efficiency, karpFlatt);
    }

    /** The cells as text, in {@link #columns} order; "" where there is nothing. */
    public List<String> cells() {
        List<String> cells = new ArrayList<>(series);
        cells.addAll(Arrays.asList(Integer.toString(procs), plain(seconds), plain(speedup), plain(efficiency),
                plain(karpFlatt), Integer.toString(repeat), plain(coreSeconds), Integer.toString(index), text(jobId),
                text(jobName), text(finalStatus), text(statusReason), text(state),
                exitCode == null ? "" : exitCode.toString(), text(error)));
        return cells;
    }

    /**
     * A number with all the digits needed to read it back exactly, '.' as decimal separator whatever
     * the locale, never in exponent form (spreadsheets and awk both read it). "" for null/NaN/∞.
     */
    public static String plain(Double value) {
        if (value == null || !Double.isFinite(value)) {
            return "";
        }
        return BigDecimal.valueOf(value).toPlainString();
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
