package org.hpcsweep.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.hpcsweep.study.JobState;
import org.hpcsweep.study.ObservedStatus;

/**
 * The one place where Slurm's job states become hpc-sweep's {@link JobState}.
 *
 * <p>Input is the body of {@code GET /slurm/v0.0.38/job/{id}}: {@code {"jobs": [{"job_state":
 * "FAILED", "exit_code": 768, "state_reason": "NonZeroExitCode", ...}], "errors": []}} (checked
 * against slurmrestd 22.05.8). In v0.0.38 {@code job_state} is one word: the base state, or the flag
 * that currently matters ({@code COMPLETING}, {@code CONFIGURING}, {@code REQUEUED}, ...), and
 * {@code exit_code} is the raw wait(2) status ({@code 768} = exit 3, {@code 15} = SIGTERM).
 * v0.0.40+ send {@code job_state} as a list (base state first, then flags) and {@code exit_code} as
 * an object ({@code status}, {@code return_code}, {@code signal}); both shapes are read here so that a
 * newer plugin needs no second mapping. The same holds for {@code start_time} and {@code end_time}
 * (epoch seconds in v0.0.38, {@code {set, infinite, number}} objects in v0.0.40+), which give the
 * monitor a run's start and length by Slurm's clock. Text as squeue/sacct print it ({@code CANCELLED by 0},
 * {@code CANCELLED+}, {@code CD}) is accepted too, because people paste it into tests and issues.
 */
public final class SlurmState {

    /** Reads the first job of a {@code GET /job/{id}} response. */
    public ObservedStatus interpret(JsonNode jobsResponse) {
        JsonNode jobs = jobsResponse.path("jobs");
        if (!jobs.isArray() || jobs.isEmpty()) {
            // slurmctld forgets finished jobs after MinJobAge when there is no accounting database.
            return new ObservedStatus("UNKNOWN", "Slurm has no record of the job any more" + errors(jobsResponse),
                    JobState.FAILED);
        }
        return interpretJob(jobs.get(0));
    }

    /**
     * Reads one job of a {@code GET /job/{id}} or {@code GET /jobs} answer (the same fields in both).
     * With Slurm's own {@code start_time} and {@code end_time}, so that the monitor counts a run from
     * when it started, not from when a poll first saw it running, and learns how long an ended job ran
     * without the lateness of the look that saw it end (see {@link ObservedStatus#since()}, {@code ran()}).
     */
    public ObservedStatus interpretJob(JsonNode job) {
        String word = stateWord(job.path("job_state"));
        JobState state = map(word);
        Integer exitCode = state.isTerminal() ? exitCode(job.path("exit_code")) : null;
        Long start = time(job.path("start_time"));
        Long end = state.isTerminal() ? time(job.path("end_time")) : null;
        return new ObservedStatus(word, reason(job, state), state, List.of(), ran(start, end), since(state, start, end), exitCode);
    }

    /**
     * When the present state began: a running job's start, an ended job's end. Null for a waiting
     * job, whose {@code start_time} is only the scheduler's estimate (or 0).
     */
    static Instant since(JobState state, Long start, Long end) {
        Long at = state == JobState.RUNNING ? start : state.isTerminal() ? end : null;
        return at == null ? null : Instant.ofEpochSecond(at);
    }

    /**
     * How long an ended job ran by Slurm's clock ({@code end_time - start_time}, whole seconds as
     * Slurm keeps them), or null when it did not start (a job cancelled while waiting has no start).
     */
    static Duration ran(Long start, Long end) {
        return start == null || end == null || end < start ? null : Duration.ofSeconds(end - start);
    }

    /**
     * A time in epoch seconds, or null when unset: v0.0.38 sends a number (0 when unset), v0.0.40+
     * an object {@code {"set": true, "infinite": false, "number": 1733313600}}.
     */
    static Long time(JsonNode time) {
        if (time.isObject() && (!time.path("set").asBoolean(false) || time.path("infinite").asBoolean(false))) {
            return null;
        }
        long seconds = number(time);
        return seconds > 0 ? seconds : null;
    }

    /** The job's exit code as a shell reports it (128 + n for signal n), or null when Slurm does not tell. */
    static Integer exitCode(JsonNode code) {
        if (code.isIntegralNumber()) {
            int status = code.asInt();
            int signal = status & 0x7f;
            return signal != 0 ? 128 + signal : (status >> 8) & 0xff;
        }
        if (code.isObject()) {
            long signal = number(code.path("signal").path("id"));
            if (signal > 0) {
                return (int) (128 + signal);
            }
            long returned = number(code.path("return_code"));
            return returned >= 0 ? (int) returned : null;
        }
        return null;
    }

    /** The state word: the first word of a string ("CANCELLED by 0"), or the first entry of a v0.0.40+ list. */
    static String stateWord(JsonNode jobState) {
        String text = jobState.isArray() ? (jobState.isEmpty() ? "" : jobState.get(0).asText("")) : jobState.asText("");
        text = text.strip();
        int end = 0;
        while (end < text.length() && (Character.isLetter(text.charAt(end)) || text.charAt(end) == '_')) {
            end++;
        }
        return text.substring(0, end).toUpperCase(Locale.ROOT);
    }

    /** Base states and state flags (slurm.h JOB_* and their squeue short codes) onto hpc-sweep's states. */
    static JobState map(String word) {
        switch (word) {
            // Waiting for resources, or put back in the queue: the command is not running.
            case "PENDING": case "PD":
            case "REQUEUED": case "RQ":
            case "REQUEUE_HOLD": case "REQUEUE_FED": case "RH": case "RF":
            case "RESV_DEL_HOLD": case "RD":
            case "POWER_UP_NODE": case "PU":
            // Resources allocated but nodes still booting: Slurm does not yet count time against the limit.
            case "CONFIGURING": case "CF":
                return JobState.PENDING;
            // Started and not yet over. COMPLETING is the epilog/cleanup after the command ended; in
            // v0.0.38 the final state only shows once it is done, so keep polling. SUSPENDED/STOPPED
            // are paused by an admin or gang scheduling and resume later.
            case "RUNNING": case "R":
            case "COMPLETING": case "CG":
            case "RESIZING": case "RS":
            case "SIGNALING": case "SI":
            case "STAGE_OUT": case "SO":
            case "UPDATE_DB":
            case "SUSPENDED": case "S":
            case "STOPPED": case "ST":
                return JobState.RUNNING;
            case "COMPLETED": case "COMPLETE": case "CD":
                return JobState.SUCCEEDED;
            // The command failed, or Slurm could not run it (node, boot, memory, launch). SPECIAL_EXIT
            // is a job that exited with the site's special exit value and is held: a failure for us.
            case "FAILED": case "F":
            case "NODE_FAIL": case "NF":
            case "BOOT_FAIL": case "BF":
            case "OUT_OF_MEMORY": case "OOM":
            case "LAUNCH_FAILED":
            case "RECONFIG_FAIL":
            case "SPECIAL_EXIT": case "SE":
                return JobState.FAILED;
            // Ended by someone or something else: scancel, preemption, or (federation) revoked here
            // because a sibling cluster runs it.
            case "CANCELLED": case "CA":
            case "PREEMPTED": case "PR":
            case "REVOKED": case "RV":
                return JobState.STOPPED;
            // Killed at the job's time limit (the study's walltime) or its deadline.
            case "TIMEOUT": case "TO":
            case "DEADLINE": case "DL":
                return JobState.TIMED_OUT;
            default:
                // A state a newer Slurm adds: keep waiting rather than call it finished.
                return JobState.PENDING;
        }
    }

    /** "exit code 3 (NonZeroExitCode)", "signal 9", "Resources": whatever helps a person see why. */
    static String reason(JsonNode job, JobState state) {
        String slurmReason = job.path("state_reason").asText("");
        if (slurmReason.isBlank() || "None".equals(slurmReason)) {
            slurmReason = "";
        }
        String description = job.path("state_description").asText("");
        if (!description.isBlank()) {
            slurmReason = slurmReason.isEmpty() ? description : slurmReason + ": " + description;
        }
        String exit = state.isTerminal() ? exit(job.path("exit_code")) : "";
        if (exit.isEmpty()) {
            return slurmReason.isEmpty() ? null : slurmReason;
        }
        return slurmReason.isEmpty() ? exit : exit + " (" + slurmReason + ")";
    }

    /** v0.0.38: the raw wait status; v0.0.40+: {"return_code": {"number": 3}, "signal": {"id": {"number": 9}}}. */
    static String exit(JsonNode code) {
        if (code.isIntegralNumber()) {
            int status = code.asInt();
            int signal = status & 0x7f;
            return signal != 0 ? "signal " + signal : "exit code " + ((status >> 8) & 0xff);
        }
        if (code.isObject()) {
            long signal = number(code.path("signal").path("id"));
            if (signal > 0) {
                return "signal " + signal;
            }
            long returned = number(code.path("return_code"));
            return returned >= 0 ? "exit code " + returned : "";
        }
        return "";
    }

    private static long number(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isObject() && node.path("set").asBoolean(true) && node.path("number").isIntegralNumber()) {
            return node.path("number").asLong();
        }
        return -1;
    }

    private static String errors(JsonNode response) {
        StringBuilder text = new StringBuilder();
        for (JsonNode error : response.path("errors")) {
            text.append(text.length() == 0 ? ": " : "; ")
                    .append(error.path("description").asText(error.path("error").asText("")));
        }
        return text.toString();
    }
}
