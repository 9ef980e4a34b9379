package org.hpcsweep.flow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.LongSupplier;
import org.hpcsweep.study.JobState;
import org.hpcsweep.study.ObservedStatus;
import org.hpcsweep.study.StudyRun;
import org.hpcsweep.study.SubmitPhase;
import org.hpcsweep.study.TrackedJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits (routes/flow/45-limits.yaml): which jobs hpc-sweep stops on the platform, and how they then
 * end. A job running longer than the study's walltime (counted from when it was first seen running,
 * so queueing does not count) or unfinished at the study's deadline ends as timed out; every job of
 * a cancelled study ends as stopped.
 */
public final class Limits {
    private static final Logger LOG = LoggerFactory.getLogger("hpcsweep.study");

    /** Why a job is stopped and how it ends; {@code sent} once the stop went to the platform. */
    private static final class Stop {
        final JobState as;
        final String reason;
        boolean sent;

        Stop(JobState as, String reason) {
            this.as = as;
            this.reason = reason;
        }
    }

    // Weak keys: an entry goes with its job, when the run it belongs to leaves the registry.
    private final Map<TrackedJob, Stop> stops = Collections.synchronizedMap(new WeakHashMap<>());
    private final RunRegistry registry;
    private final LongSupplier clock;

    Limits(RunRegistry registry, LongSupplier clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Jobs to stop on the platform now, each returned once: those cancelled, and those past a limit. */
    public List<TrackedJob> jobsToStop() {
        long now = clock.getAsLong();
        List<TrackedJob> toStop = new ArrayList<>();
        for (StudyRun run : registry.all()) {
            double walltimeHours = run.getStudy().job().walltime();
            long walltime = Math.round(walltimeHours * 3_600_000);
            for (TrackedJob job : run.getJobs()) {
                if (job.getSubmitPhase() != SubmitPhase.SUBMITTED || job.isTerminal()) {
                    continue;
                }
                if (now > run.deadlineAt()) {
                    stopFor(job, JobState.TIMED_OUT, "still running at the study's deadline of " + run.getStudy().deadline() + " h");
                } else if (job.getRunningSince() > 0 && now > job.getRunningSince() + walltime) {
                    stopFor(job, JobState.TIMED_OUT, "ran longer than its walltime of " + walltimeHours + " h");
                }
                if (takeStopToSend(job)) {
                    LOG.warn("study {}: stopping job {}", run, job);
                    toStop.add(job);
                }
            }
        }
        return toStop;
    }

    /**
     * Cancels a run: jobs not yet on the platform will not be placed, jobs on it are stopped (by the
     * limits route) and end as stopped. Returns how many jobs were still to finish.
     */
    public int cancel(String runId) {
        StudyRun run = registry.get(runId);
        run.halt("the study was cancelled");
        int open = 0;
        for (TrackedJob job : run.getJobs()) {
            if (!job.isTerminal() && job.getOutcome() == null) {
                stopFor(job, JobState.STOPPED, "cancelled by the user");
                open++;
            }
        }
        LOG.warn("study {}: cancelled; {} jobs to stop", run, open);
        return open;
    }

    /**
     * What the platform said of {@code job}, as it counts here: a job hpc-sweep stopped that the
     * platform reports ended (other than successfully) ends as the stop says, with its reason.
     */
    ObservedStatus asCounted(TrackedJob job, ObservedStatus seen) {
        Stop stop = stops.get(job);
        if (stop == null || !seen.state().isTerminal() || seen.state() == JobState.SUCCEEDED) {
            return seen;
        }
        return new ObservedStatus(seen.status(), stop.reason, stop.as, seen.history(), seen.ran(), seen.since(), seen.exitCode());
    }

    /** The first request to stop a job wins. */
    private void stopFor(TrackedJob job, JobState as, String reason) {
        stops.putIfAbsent(job, new Stop(as, reason));
    }

    /** True once per job: the first caller sends the stop to the platform. */
    private boolean takeStopToSend(TrackedJob job) {
        synchronized (stops) {
            Stop stop = stops.get(job);
            if (stop == null || stop.sent) {
                return false;
            }
            stop.sent = true;
            return true;
        }
    }
}
