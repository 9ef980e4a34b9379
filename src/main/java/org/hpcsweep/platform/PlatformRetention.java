package org.hpcsweep.platform;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the jobs that completed longer ago than the platform keeps them
 * ({@link LocalPlatformSettings#keepCompleted}), as a client's {@code DELETE /api/v2/jobs/{id}/} would:
 * record, work dir and outputs. Called on a timer (routes/platform/30-retention.yaml), only when a
 * keep time is set. Why: Rescale keeps a job until its owner deletes it, and so does this platform by
 * default; a platform left serving for months (a scheduled study every day) would otherwise grow its
 * data dir with every job. The service collects a job's result within seconds of its completion, so a
 * keep time of days never takes a result before it is collected.
 */
public final class PlatformRetention {
    private static final Logger LOG = LoggerFactory.getLogger(PlatformRetention.class);
    private final PlatformJobsApi jobs;
    private final Duration keep;
    private final Clock clock;

    PlatformRetention(PlatformJobsApi jobs, Duration keep, Clock clock) {
        this.jobs = jobs;
        this.keep = keep;
        this.clock = clock;
    }

    /** How often to look: a quarter of the keep time, between 100 ms and an hour. */
    long periodMillis() {
        return Math.max(100, Math.min(Duration.ofHours(1).toMillis(), keep.toMillis() / 4));
    }

    public void sweep() {
        List<LocalJob> old = jobs.completedBefore(clock.instant().minus(keep));
        old.forEach(jobs::forget);
        if (!old.isEmpty()) {
            LOG.info("deleted {} job(s) completed more than {} ago, with their work dirs and outputs", old.size(), keep);
        }
    }
}
