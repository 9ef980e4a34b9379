package org.hpcsweep.report;

import static org.hpcsweep.report.ReportPage.esc;

import java.util.List;
import java.util.Map;

import org.hpcsweep.study.JobOutcome;

/**
 * The page's failures: each job that did not produce a time, with its state, the platform's status
 * and reason, the exit code, the last lines of its own output and where its whole log is. Any of
 * these may be unknown (null): shown as "—", never an error.
 */
final class FailureSection {

    private FailureSection() {
    }

    static void append(StringBuilder h, List<JobOutcome> jobs) {
        h.append("<h2>Failures</h2>\n");
        List<JobOutcome> failures = jobs.stream().filter(j -> !ScalingMetrics.counts(j)).toList();
        if (failures.isEmpty()) {
            h.append("<p>None: every job produced a time.</p>\n");
            return;
        }
        h.append("<p>These jobs are listed in the table but left out of the metrics and charts.</p>\n");
        for (JobOutcome j : failures) {
            h.append("<h3>p = ").append(j.procs());
            if (j.point() != null && j.point().size() > 1) {
                h.append(", ").append(esc(pointText(j.point())));
            }
            h.append(", repeat ").append(j.repeat()).append(": ").append(esc(orDash(j.jobName()))).append("</h3>\n");
            h.append("<dl>\n");
            item(h, "State", j.state() == null ? null : j.state().name());
            item(h, "Platform status", j.finalStatus());
            item(h, "Reason", j.statusReason());
            item(h, "Exit code", j.exitCode() == null ? null : j.exitCode().toString());
            item(h, "Error", j.error());
            item(h, "Job id", j.jobId());
            String folder = "jobs/" + j.index() + "-p" + j.procs() + "/";
            h.append("<dt>Whole log</dt><dd><a href=\"").append(esc(folder)).append("\">").append(esc(folder))
                    .append("</a></dd>\n</dl>\n");
            if (j.logTail() != null && !j.logTail().isBlank()) {
                h.append("<p>Last lines of its output:</p>\n<pre>").append(esc(j.logTail())).append("</pre>\n");
            }
        }
    }

    private static void item(StringBuilder h, String key, String value) {
        h.append("<dt>").append(esc(key)).append("</dt><dd>").append(esc(orDash(value))).append("</dd>\n");
    }

    private static String pointText(Map<String, String> point) {
        StringBuilder s = new StringBuilder();
        point.forEach((k, v) -> {
            if (!"procs".equals(k)) {
                s.append(s.length() == 0 ? "" : ", ").append(k).append('=').append(v);
            }
        });
        return s.toString();
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "—" : s;
    }
}
