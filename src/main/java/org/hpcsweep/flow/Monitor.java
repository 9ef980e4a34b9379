package org.hpcsweep.flow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.LongSupplier;
import org.apache.camel.Exchange;
import org.hpcsweep.engine.FailureKind;
import org.hpcsweep.engine.StepErrors;
import org.hpcsweep.study.JobState;
import org.hpcsweep.study.ObservedStatus;
import org.hpcsweep.study.StudyRun;
import org.hpcsweep.study.StudyStore;
import org.hpcsweep.study.SubmitPhase;
import org.hpcsweep.study.TrackedJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 4, monitor (routes/flow/40-monitor.yaml): which jobs are looked at on a tick, what the
 * platform said of each (recorded when it changed), and whether a job just ended, so that the
 * collect step takes it exactly once. When each job is looked at is {@link PollSchedule}'s to say.
 */
public final class Monitor {
    private static final Logger LOG = LoggerFactory.getLogger("hpcsweep.study");
    /** The status recorded for a job the platform no longer knows. */
    static final String LOST = "Lost";
    private final RunRegistry registry;
    private final StudyStore store;
    private final PollSchedule schedule;
    private final Limits limits;
    private final StepErrors errors;
    private final long lostAfterMillis;
    private final LongSupplier clock;
    // Jobs the engine answered "not found" for, by job: since when (weak keys: they go with their run).
    private final Map<TrackedJob, Long> unknownSince = Collections.synchronizedMap(new WeakHashMap<>());
    // What the present tick saw of each run: {jobs that ended, jobs that left the queue}; see ticked().
    private final Map<StudyRun, int[]> tickChanges = new java.util.HashMap<>();

    Monitor(RunRegistry registry, StudyStore store, PollSchedule schedule, Limits limits, StepErrors errors, long lostAfterMillis,
            LongSupplier clock) {
        this.registry = registry;
        this.store = store;
        this.schedule = schedule;
        this.limits = limits;
        this.errors = errors;
        this.lostAfterMillis = lostAfterMillis;
        this.clock = clock;
    }

    /**
     * When any job on the platform is due for a look, all of them: one engine call can then list every
     * status at once, and their next looks stay together. Empty while none is due.
     */
    public List<TrackedJob> dueForPoll() {
        long now = clock.getAsLong();
        List<TrackedJob> pollable = registry.jobs()
                .filter(job -> job.getSubmitPhase() == SubmitPhase.SUBMITTED && !job.isTerminal() && schedule.isScheduled(job))
                .toList();
        return pollable.stream().anyMatch(job -> schedule.isDue(job, now)) ? pollable : List.of();
    }

    /**
     * Looks at each job of {@code pollable} on the engine's list (Rescale: unfinished jobs; Slurm: ended
     * ones too; none when there is no list) with the status listed for it, and returns those that just
     * ended, for the caller to collect, exactly once. A look that fails is tried again later, as a failed
     * call's is ({@link PollSchedule#lookFailed}).
     */
    public List<TrackedJob> observeListed(Map<String, ObservedStatus> listed, List<TrackedJob> pollable) {
        if (listed == null) {
            return List.of();
        }
        List<TrackedJob> ended = new ArrayList<>();
        for (TrackedJob job : pollable) {
            ObservedStatus status = listed.get(job.getPlatformId());
            if (status == null) {
                continue;
            }
            try {
                if (observe(job, status)) {
                    ended.add(job);
                }
            } catch (RuntimeException e) {
                retryLater(job, "not recorded", e.toString());
            }
        }
        return ended;
    }

    /** The jobs of {@code pollable} missing from that list (all of them when there is none): each needs a call of its own. */
    public List<TrackedJob> unlistedJobs(Map<String, ObservedStatus> listed, List<TrackedJob> pollable) {
        return listed == null ? pollable : pollable.stream().filter(j -> !listed.containsKey(j.getPlatformId())).toList();
    }

    /**
     * Records a status the platform reported; logs and stores a change. Returns true when the job
     * just became terminal, so the caller collects its result exactly once.
     */
    public boolean observe(TrackedJob job, ObservedStatus reported) {
        unknownSince.remove(job);
        StudyRun run = registry.runOf(job);
        long now = clock.getAsLong();
        ObservedStatus seen = limits.asCounted(job, reported);
        long since = seen.since() == null ? now : Math.min(now, seen.since().toEpochMilli());
        JobState before = job.getState();
        boolean changed = job.observe(seen, now, since);
        if (changed) {
            noteChange(run, before, job.getState());
        }
        if (job.isTerminal()) {
            schedule.ended(job);
        } else {
            schedule.looked(run, job, changed, now);
        }
        if (changed && job.getState() == JobState.SUCCEEDED && job.getRunMillis() > 0) {
            schedule.runTimeLearnt(run, now);
        }
        if (changed) {
            store.jobObserved(job, seen, Instant.ofEpochMilli(now));
            LOG.info("study {}: job {} is {}{}", run, job, seen.status(), seen.reason() == null ? "" : " (" + seen.reason() + ")");
        }
        return job.takeEnded();
    }

    /**
     * After a tick's looks: what they saw is committed, in one transaction ({@link StudyStore#jobObserved}),
     * and how many of each run's jobs ended and how many left the queue in it go to the schedule at once
     * ({@link PollSchedule#placesChanged}), so that an end and the start that took its place, seen in one
     * list call, cancel out whatever order they were observed in.
     */
    public void ticked() {
        store.flush();
        Map<StudyRun, int[]> seen;
        synchronized (tickChanges) {
            seen = Map.copyOf(tickChanges);
            tickChanges.clear();
        }
        long now = clock.getAsLong();
        seen.forEach((run, counts) -> schedule.placesChanged(run, counts[0], counts[1], now));
    }

    /** A job that ended counts as a place freed; one that left the queue as a place taken (both when it was seen ended at once). */
    private void noteChange(StudyRun run, JobState before, JobState after) {
        boolean ended = after.isTerminal() && !before.isTerminal();
        boolean leftQueue = before == JobState.PENDING && after != JobState.PENDING;
        if (run == null || !(ended || leftQueue)) {
            return;
        }
        synchronized (tickChanges) {
            int[] counts = tickChanges.computeIfAbsent(run, r -> new int[2]);
            counts[0] += ended ? 1 : 0;
            counts[1] += leftQueue ? 1 : 0;
        }
    }

    /**
     * A look at the job failed: asked again later (see {@link PollSchedule#lookFailed}). A job the
     * engine has not known for longer than lost-after (a platform that forgot its jobs in a restart)
     * is lost: it ends failed, saying so, instead of being looked at for ever. Returns true when the
     * job just ended so, for the caller to collect it, exactly once.
     */
    public boolean lookFailed(Exchange exchange) {
        TrackedJob job = FlowProperties.job(exchange);
        String why = errors.describe(exchange);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (errors.kind(failure) == FailureKind.NOT_FOUND) {
            long now = clock.getAsLong();
            long since = unknownSince.computeIfAbsent(job, j -> now);
            if (now - since >= lostAfterMillis) {
                return observe(job, new ObservedStatus(LOST, "lost: the platform has not known job " + job.getPlatformId() + " for "
                        + (now - since) / 1000 + " s (" + why + "); it may have been restarted without its jobs", JobState.FAILED));
            }
        }
        retryLater(job, "not read", why);
        return false;
    }

    /** The job's status was {@code what} ({@code why}): it is looked at again after the schedule's delay for a failed look. */
    private void retryLater(TrackedJob job, String what, String why) {
        long delay = schedule.lookFailed(job);
        LOG.warn("study {}: status of job {} {} ({}); asking again in {} ms", registry.runOf(job), job, what, why, delay);
    }
}
