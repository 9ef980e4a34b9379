package org.hpcsweep.report;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hpcsweep.study.CostRate;
import org.hpcsweep.study.JobOutcome;
import org.hpcsweep.study.JobState;
import org.hpcsweep.study.Scaling;
import org.hpcsweep.study.StudyOutcome;

/** Job outcomes and studies as the flow hands them to the report, for the report's tests. */
final class Jobs {

    private Jobs() {
    }

    static JobOutcome timed(int index, int procs, Map<String, String> params, int repeat, double seconds,
                            Double ranSeconds) {
        Map<String, String> point = new LinkedHashMap<>(params);
        point.put("procs", Integer.toString(procs));
        return new JobOutcome(index, procs, point, "job-" + index, "id" + index, JobState.SUCCEEDED, "Completed",
                "Completed successfully", seconds, null, repeat, ranSeconds, 0, null);
    }

    /**
     * The acceptance study: processors [1, 2], repeats 3, parameters {size: [10, 40]}, and a job
     * that writes "procs size/procs", in matrix order (size, then procs, then repeat).
     */
    static List<JobOutcome> sizeStudy() {
        List<JobOutcome> jobs = new ArrayList<>();
        int index = 0;
        for (int size : new int[] {10, 40}) {
            for (int procs : new int[] {1, 2}) {
                for (int repeat = 1; repeat <= 3; repeat++) {
                    jobs.add(timed(index++, procs, Map.of("size", Integer.toString(size)), repeat,
                            (double) size / procs, (double) size / procs + 1));
                }
            }
        }
        return jobs;
    }

    static StudyOutcome study(Path dir, List<JobOutcome> jobs, List<String> series, Scaling scaling, CostRate cost) {
        return new StudyOutcome("demo", "run-1", dir, jobs, null, "name: demo\n", "https://platform.example/api",
                Instant.parse("2026-11-24T09:00:00Z"), Instant.parse("2026-11-24T09:10:00Z"), series, scaling, cost);
    }
}
