package org.hpcsweep.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.hpcsweep.study.StudyOutcome;

/**
 * {@code results.json}: the CSV's rows (same keys, numbers as JSON numbers, null where the CSV cell
 * is empty) plus what the CSV cannot hold: the methods used, and per series its baseline, per-point
 * summary of the repeats and the model fits ({@link SeriesJson}).
 */
public final class ResultsJson {

    public static final String FILE_NAME = "results.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsJson() {
    }

    public static Path write(Path dir, StudyOutcome study, StudyMetrics metrics, List<ResultRow> rows)
            throws IOException {
        Path file = dir.resolve(FILE_NAME);
        JSON.writeValue(file.toFile(), toTree(study, metrics, rows));
        return file;
    }

    static Map<String, Object> toTree(StudyOutcome study, StudyMetrics metrics, List<ResultRow> rows) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("study_name", study.studyName());
        root.put("run_id", study.runId());
        root.put("platform_url", study.platformUrl());
        root.put("started", study.started() == null ? null : study.started().toString());
        root.put("finished", study.finished() == null ? null : study.finished().toString());
        root.put("scaling", metrics.scaling().name().toLowerCase(java.util.Locale.ROOT));
        root.put("parameters", metrics.parameters());
        root.put("jobs_total", rows.size());
        root.put("jobs_with_time", rows.stream().filter(r -> r.speedup() != null).count());
        root.put("methods", Methods.asMap());
        if (metrics.cost() != null) {
            Map<String, Object> rate = new LinkedHashMap<>();
            rate.put("per_core_hour", metrics.cost().perCoreHour());
            rate.put("currency", metrics.cost().currency());
            rate.put("target_efficiency", metrics.cost().targetEfficiency());
            root.put("cost_rate", rate);
        } else {
            root.put("cost_rate", null);
        }

        List<String> columns = ResultRow.columns(metrics.parameters());
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (ResultRow r : rows) {
            Map<String, Object> job = new LinkedHashMap<>();
            for (int i = 0; i < r.series().size(); i++) {
                job.put(columns.get(i), r.series().get(i));
            }
            job.put("procs", r.procs());
            job.put("seconds", finite(r.seconds()));
            job.put("speedup", finite(r.speedup()));
            job.put("efficiency", finite(r.efficiency()));
            job.put("karp_flatt", finite(r.karpFlatt()));
            job.put("repeat", r.repeat());
            job.put("core_seconds", finite(r.coreSeconds()));
            job.put("index", r.index());
            job.put("job_id", r.jobId());
            job.put("job_name", r.jobName());
            job.put("final_status", r.finalStatus());
            job.put("status_reason", r.statusReason());
            job.put("state", r.state());
            job.put("exit_code", r.exitCode());
            job.put("error", r.error());
            jobs.add(job);
        }
        root.put("jobs", jobs);

        List<Map<String, Object>> series = new ArrayList<>();
        metrics.series().forEach((key, m) -> series.add(SeriesJson.of(key, m, metrics.cost())));
        root.put("series", series);
        return root;
    }

    /** JSON has no NaN or infinity: null. */
    static Double finite(Double d) {
        return d == null || !Double.isFinite(d) ? null : d;
    }
}
