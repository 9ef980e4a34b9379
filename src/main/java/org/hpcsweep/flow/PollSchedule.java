package org.hpcsweep.flow;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.LongSupplier;
import org.hpcsweep.study.JobState;
import org.hpcsweep.study.StudyRun;
import org.hpcsweep.study.TrackedJob;

/**
 * When each job on the platform is looked at next. Adaptive per job: a job whose status did not
 * change is asked less and less often, up to max-interval; a change resets it. A running job is
 * looked at just after it is expected to end ({@link StudyRun#expectedRunMillis}: its matrix point's
 * run the last time the study ran here, else the shortest run of this run so far), and at least
 * every max-interval until then; while nothing tells how long it runs, after a fraction of the time
 * it has run so far (look-fraction), so that its end is noticed at most that fraction of its run late.
 */
public final class PollSchedule {
    /** When a job is looked at next, and the interval that led there (what the next one grows from). */
    private record Look(long at, long interval) {
    }

    // Weak keys: an entry goes with its job, when the run it belongs to leaves the registry.
    private final Map<TrackedJob, Look> looks = Collections.synchronizedMap(new WeakHashMap<>());
    // Places a run's ended jobs freed that no start of its jobs has taken yet, and the looks its queued
    // jobs had before a freed place brought them forward (see placesChanged).
    private final Map<StudyRun, Integer> freePlaces = Collections.synchronizedMap(new WeakHashMap<>());
    private final Map<TrackedJob, Look> beforeFreed = Collections.synchronizedMap(new WeakHashMap<>());
    private final long minMillis;
    private final long maxMillis;
    private final double lookFraction;
    private final LongSupplier clock;

    PollSchedule(long minMillis, long maxMillis, double lookFraction, LongSupplier clock) {
        this.minMillis = minMillis;
        this.maxMillis = Math.max(minMillis, maxMillis);
        this.lookFraction = lookFraction;
        this.clock = clock;
    }

    /** A job just submitted: first look after min-interval. */
    void submitted(TrackedJob job) {
        looks.put(job, new Look(clock.getAsLong() + minMillis, minMillis));
    }

    /** A job on the platform when the service (re)started: looked at at once. */
    void resumed(TrackedJob job) {
        looks.put(job, new Look(clock.getAsLong(), minMillis));
    }

    /** Whether the job is to be looked at at all (it is on the platform and not known to have ended). */
    boolean isScheduled(TrackedJob job) {
        return looks.containsKey(job);
    }

    /** Whether its next look is due now. */
    boolean isDue(TrackedJob job, long now) {
        Look look = looks.get(job);
        return look != null && look.at() <= now;
    }

    /** When the job is looked at next (epoch millis), 0 when it is not scheduled. */
    public long nextLookAt(TrackedJob job) {
        Look look = looks.get(job);
        return look == null ? 0 : look.at();
    }

    /** The interval its next look grows from, 0 when it is not scheduled. */
    public long interval(TrackedJob job) {
        Look look = looks.get(job);
        return look == null ? 0 : look.interval();
    }

    /** The job ended: it is not looked at again (a new try is scheduled when it is submitted). */
    void ended(TrackedJob job) {
        looks.remove(job);
        beforeFreed.remove(job);
    }

    /**
     * After a look at {@code job} of {@code run}. A job that starts running is next looked at when
     * it should end, and at least every max-interval until then; past that end, more and more
     * rarely (x1.5 per look, up to max-interval) while nothing changes. A job waiting in a queue is
     * looked at more and more rarely too, since starting is all it can do.
     *
     * <p>A look that came early, because another job of the same list call was due, counts as a
     * look: a job expected to end later is next looked at when it should end, or max-interval from
     * this look; any other job's interval restarts from this look. So jobs started a little apart
     * (placed a few at a time) come to be due together and share list calls.
     */
    void looked(StudyRun run, TrackedJob job, boolean changed, long now) {
        Look look = looks.getOrDefault(job, new Look(now, minMillis));
        boolean running = job.getState() == JobState.RUNNING;
        if (running) {
            beforeFreed.remove(job);
        }
        long end = running ? expectedEnd(run, job) : 0;
        if (running && (changed || end > now)) {
            looks.put(job, new Look(lookForTheEnd(end, now), minMillis));
        } else if (running && end == 0 && lookFraction > 0 && job.getRunningSince() > 0) {
            // Nothing tells how long it runs (a study's first run, no hint, nothing ended yet): looked at again
            // after a fraction of the time it has run, so that its end is noticed at most that fraction late.
            // Growing x1.5 a look, a 10 s job's end fell in a gap of up to 5.6 s, noticed 1.2 or 3.9 s late by
            // where the gap happened to fall (bench/ANALYSIS.md, item 2).
            long ran = Math.max(0, now - job.getRunningSince());
            long interval = bounded(Math.round(ran * lookFraction));
            looks.put(job, new Look(now + interval, interval));
        } else if (changed || look.at() <= now) {
            long interval = bounded(Math.round(look.interval() * 1.5));
            looks.put(job, new Look(now + interval, interval));
        } else {
            looks.put(job, new Look(now + look.interval(), look.interval()));
        }
    }

    /**
     * A job of the run just succeeded, so the run's shortest run may be known now or shorter: the
     * run's running jobs are looked at when they should end. Without this a job seen starting in the
     * same list call, but before the one that ended, kept growing intervals.
     */
    void runTimeLearnt(StudyRun run, long now) {
        for (TrackedJob other : run.getJobs()) {
            if (other.getState() == JobState.RUNNING && other.getRunningSince() > 0 && looks.containsKey(other)) {
                long end = expectedEnd(run, other);
                if (end > now) {
                    looks.put(other, new Look(lookForTheEnd(end, now), minMillis));
                }
            }
        }
    }

    /**
     * After a tick's looks: {@code ended} of the run's jobs were seen ending and {@code started} seen
     * leaving the queue in it (counted over the whole tick, so that an end and the start that took its
     * place, seen in one list call, cancel out whatever order they were observed in).
     *
     * <p>A job waiting behind a full cluster can only start when a place frees, and a batch scheduler
     * gives the place to the next job a second or two after the end (figure 2g's Slurm: 0.1-2 s, most
     * likely slurmd checking once a second that the job's processes are gone before it reports the end
     * that frees the CPUs), often after the look that saw the end. Meanwhile the queued job's intervals
     * have grown to max-interval, so without this it was seen starting up to max-interval late, and a
     * short job seen only after it had ended (figure 2g on Slurm: ends noticed up to 6 s late). So when
     * places free, the run's queued jobs are looked at after min-interval, intervals growing from
     * there, until as many starts are seen as places were freed; then they go back to the intervals
     * they had grown to (nothing frees a place before the next end, whose look they share anyway).
     * A start that took no freed place (the first ones) is not counted against later ends. Where
     * another user's job takes the place, the queued jobs' intervals grow from min-interval back to
     * max-interval: at most that many extra looks per end, shared by every job of the list call.
     */
    void placesChanged(StudyRun run, int ended, int started, long now) {
        int free = Math.max(0, freePlaces.getOrDefault(run, 0) + ended - started);
        if (free == 0) {
            freePlaces.remove(run);
            for (TrackedJob queued : run.getJobs()) {
                Look before = beforeFreed.remove(queued);
                if (before != null && queued.getState() == JobState.PENDING && looks.containsKey(queued)) {
                    looks.put(queued, new Look(now + before.interval(), before.interval()));
                }
            }
            return;
        }
        freePlaces.put(run, free);
        if (ended > started) {
            for (TrackedJob queued : run.getJobs()) {
                Look look = queued.getState() == JobState.PENDING ? looks.get(queued) : null;
                if (look != null && look.at() > now + minMillis) {
                    beforeFreed.putIfAbsent(queued, look);
                    looks.put(queued, new Look(now + minMillis, minMillis));
                }
            }
        }
    }

    /** A look that failed: the next one after twice the interval, not to hammer a platform that struggles. Returns that delay. */
    long lookFailed(TrackedJob job) {
        long interval = bounded(interval(job) * 2);
        looks.put(job, new Look(clock.getAsLong() + interval, interval));
        return interval;
    }

    /**
     * Just after a running job should end, counted from when the platform started it, or 0 while
     * nothing tells how long it runs. A little after the end, not on it (a run as long as expected,
     * looked at on the dot, is still running half the time and costs another look): a twentieth of
     * the run more, at least half a min-interval and at most two (a twentieth of a long run would
     * notice every end late).
     */
    private long expectedEnd(StudyRun run, TrackedJob job) {
        long expected = run.expectedRunMillis(job);
        long margin = Math.max(minMillis / 2, Math.min(expected / 20, 2 * minMillis));
        return expected == 0 ? 0 : job.getRunningSince() + expected + margin;
    }

    /** An interval within min-interval and max-interval. */
    private long bounded(long intervalMillis) {
        return Math.min(maxMillis, Math.max(minMillis, intervalMillis));
    }

    /** At the expected end, but not sooner than min-interval nor later than max-interval from now. */
    private long lookForTheEnd(long expectedEnd, long now) {
        return Math.min(now + maxMillis, Math.max(now + minMillis, expectedEnd));
    }
}
