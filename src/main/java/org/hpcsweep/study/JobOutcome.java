package org.hpcsweep.study;

import java.util.Map;

/**
 * What one job of a study ended with: the input of the report.
 *
 * @param index        the job's index in the run (its matrix point and repeat)
 * @param procs        processor count the job asked for
 * @param point        the matrix point (parameter name to value), including {@code procs}
 * @param jobName      the job's name on the platform
 * @param jobId        the platform's job id
 * @param state        hpc-sweep's terminal state
 * @param finalStatus  the platform's last status (e.g. {@code Completed})
 * @param statusReason the platform's reason for it (e.g. {@code A run failed}), may be null
 * @param seconds      the measured compute time read from the result file, null when there is none
 * @param error        why there is no time (missing or unparsable result file, failed run), else null
 * @param repeat       which repeat of its point this job is: 1 to the study's repeats
 * @param ranSeconds   how long the job ran on the platform (first running status to its end), null when unknown
 * @param exitCode     the job's exit code where the platform tells it, else null
 * @param logTail      for a job that did not succeed: the last lines of its own output (or why they could not
 *                     be fetched), else null
 */
public record JobOutcome(int index, int procs, Map<String, String> point, String jobName, String jobId, JobState state,
                         String finalStatus, String statusReason, Double seconds, String error, int repeat,
                         Double ranSeconds, Integer exitCode, String logTail) {

    /** An outcome of the first repeat with nothing known of its run beyond the platform's status: for tests and tools. */
    public JobOutcome(int procs, Map<String, String> point, String jobName, String jobId, JobState state,
                      String finalStatus, String statusReason, Double seconds, String error) {
        this(0, procs, point, jobName, jobId, state, finalStatus, statusReason, seconds, error, 1, null, null, null);
    }

    /** Core-seconds the job held: its processors times how long it ran on the platform, null when that is unknown. */
    public Double coreSeconds() {
        return ranSeconds == null ? null : procs * ranSeconds;
    }

    /** A job counts in the charts only when it succeeded and its time was read. */
    public boolean hasTime() {
        return state == JobState.SUCCEEDED && seconds != null;
    }
}
