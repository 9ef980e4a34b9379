package org.hpcsweep.study;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The study runs this service is working on and their jobs: what the routes read and update as a
 * run moves from upload through submission and polling to its report. Every change is written
 * through to the {@link StudyStore} before the route goes on, so a restart resumes from the store.
 * Polling is adaptive per job: a job whose status did not change is asked less and less often, up to
 * a ceiling; a change resets it.
 */
public final class StudyRuns {
    private static final Logger LOG = LoggerFactory.getLogger("hpcsweep.study");
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Map<String, StudyRun> runs = new ConcurrentHashMap<>();
    private final StudyStore store;
    private final Path inputsRoot;
    private final Path outputRoot;
    private final String platformUrl;
    private final String platformScope;
    private final long minPollMillis;
    private final long maxPollMillis;
    private final LongSupplier clock;

    /**
     * @param store         where every step is recorded
     * @param inputsRoot    where each run keeps its own link to its input zip (the inbox moves the original)
     * @param outputRoot    where each run's folder is made
     * @param platformUrl   the platform's base URL, recorded and shown in reports
     * @param platformScope whose earlier run times a new run of a study expects: the platform's URL, or one
     *                      name for a platform whose URL changes at every start (the embedded one's free port)
     * @param minPollMillis first and shortest interval between two status calls for one job
     * @param maxPollMillis longest interval, reached while a job's status stays the same
     */
    public StudyRuns(StudyStore store, Path inputsRoot, Path outputRoot, String platformUrl, String platformScope,
                     long minPollMillis, long maxPollMillis) {
        this(store, inputsRoot, outputRoot, platformUrl, platformScope, minPollMillis, maxPollMillis, System::currentTimeMillis);
    }

    StudyRuns(StudyStore store, Path inputsRoot, Path outputRoot, String platformUrl, String platformScope, long minPollMillis,
              long maxPollMillis, LongSupplier clock) {
        this.store = store;
        this.inputsRoot = inputsRoot;
        this.outputRoot = outputRoot;
        this.platformUrl = platformUrl;
        this.platformScope = platformScope;
        this.minPollMillis = minPollMillis;
        this.maxPollMillis = Math.max(minPollMillis, maxPollMillis);
        this.clock = clock;
    }

    /** Registers and records a new run of {@code study}; its output goes to {@code <output>/<study>/<run id>/}. */
    public StudyRun start(Study study, String studyFileText, Path zip) {
        Instant now = Instant.ofEpochMilli(clock.getAsLong());
        String runId = RUN_ID.format(now) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        String source = StudyInput.studyFileName(zip);
        Path kept = keep(zip, runId);
        StudyRun run = new StudyRun(runId, study, studyFileText, kept, outputRoot.resolve(study.name()).resolve(runId), now);
        Map<String, Long> lastRunMillis = store.lastRunMillis(study.name(), platformScope, runId);
        run.setLastRunMillis(lastRunMillis);
        store.runStarted(run, source, StudyInput.checksum(zip), platformUrl, platformScope);
        runs.put(runId, run);
        LOG.info("study {}: {} jobs planned for processors {}{}", run, run.getJobCount(), study.processors(),
                lastRunMillis.isEmpty() ? "" : "; each job looked at when its point's last run here would end (" + lastRunMillis.size()
                        + " points known)");
        return run;
    }

    /**
     * The run's own name for its input: a hard link (no copy, even for gigabytes) or, across file
     * systems, a copy. The inbox may then move or the one-shot command delete the original while
     * the run still needs it for an upload after a restart.
     */
    private Path keep(Path zip, String runId) {
        try {
            Path dir = Files.createDirectories(inputsRoot.resolve(runId));
            Path kept = dir.resolve(zip.getFileName());
            try {
                Files.createLink(kept, zip);
            } catch (IOException | UnsupportedOperationException notLinkable) {
                Files.copy(zip, kept);
            }
            return kept;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep " + zip + " for run " + runId, e);
        }
    }

    /**
     * Rebuilds every run the store holds as unfinished (after a crash or a stop), with each job where
     * it was. Polling restarts at once for jobs that are on the platform and not yet terminal.
     */
    public List<StudyRun> resume() {
        List<StudyRun> resumed = new ArrayList<>();
        for (StoredRun stored : store.unfinishedRuns()) {
            if (!stored.platformUrl().equals(platformUrl)) {
                // Its jobs live on another platform; most often the embedded platform of an earlier
                // process, which ended with it. Say so rather than poll a platform that never knew them.
                String why = "its jobs ran on " + stored.platformUrl() + ", not on this service's platform " + platformUrl
                        + "; start the service with hpcsweep.platform.url=" + stored.platformUrl() + " to resume it";
                store.runFinished(stored.runId(), RunPhase.ABANDONED, why);
                LOG.warn("study run {} not resumed: {}", stored.runId(), why);
                continue;
            }
            Study study;
            try {
                study = StudyFile.parse(stored.studyFileText(), stored.studySource());
            } catch (StudyFileException e) {
                // Only a study file that passed once is stored; if it no longer parses, say so and let it go.
                store.runFinished(stored.runId(), RunPhase.ABANDONED, "cannot resume: " + e.getMessage());
                LOG.error("study run {} cannot be resumed: {}", stored.runId(), e.getMessage());
                continue;
            }
            StudyRun run = new StudyRun(stored.runId(), study, stored.studyFileText(), stored.zip(), stored.outputDir(), stored.started());
            run.setInputFileId(stored.inputFileId());
            run.setPhase(stored.phase());
            run.setLastRunMillis(store.lastRunMillis(study.name(), platformScope, stored.runId()));
            for (StoredJob job : stored.jobs()) {
                TrackedJob tracked = run.getJobs().get(job.index());
                tracked.restore(job);
                if (job.collected()) {
                    tracked.setOutcome(outcomeOf(tracked, job.seconds(), job.error(), job.state()));
                } else if (job.submitPhase() == SubmitPhase.SUBMITTED && !job.state().isTerminal()) {
                    tracked.schedulePoll(clock.getAsLong(), minPollMillis);
                }
            }
            runs.put(run.getRunId(), run);
            resumed.add(run);
            LOG.info("study {}: resumed at {} with {}/{} jobs done", run, run.getPhase(), run.getDoneCount(), run.getJobCount());
        }
        return resumed;
    }

    public StudyRun get(String runId) {
        StudyRun run = runs.get(runId);
        if (run == null) {
            throw new IllegalArgumentException("no study run with id " + runId);
        }
        return run;
    }

    public Collection<StudyRun> all() {
        return List.copyOf(runs.values());
    }

    public void uploaded(StudyRun run, String fileId) {
        run.setInputFileId(fileId);
        run.setPhase(RunPhase.UPLOADED);
        store.runPhase(run.getRunId(), RunPhase.UPLOADED, fileId);
        LOG.info("study {}: input {} uploaded as file {}", run, run.getZip().getFileName(), fileId);
    }

    /** Recorded before {@code POST /jobs/}: from here a crash means "the job may exist". */
    public void creating(TrackedJob job) {
        job.setSubmitPhase(SubmitPhase.CREATING);
        store.jobSubmitPhase(job);
    }

    public void created(TrackedJob job, String platformId) {
        job.setPlatformId(platformId);
        job.setSubmitPhase(SubmitPhase.CREATED);
        store.jobSubmitPhase(job);
    }

    /**
     * A job found on the platform under this run's unique name after a restart: it exists, and it
     * may have been submitted too (the crash may have come after that), so that is checked next.
     */
    public void adopted(TrackedJob job, String platformId) {
        job.setPlatformId(platformId);
        job.setSubmitPhase(SubmitPhase.SUBMITTING);
        store.jobSubmitPhase(job);
    }

    /** Recorded before {@code POST /jobs/{id}/submit/}: from here a crash means "the job may run". */
    public void submitting(TrackedJob job) {
        job.setSubmitPhase(SubmitPhase.SUBMITTING);
        store.jobSubmitPhase(job);
    }

    public void submitted(TrackedJob job) {
        job.setSubmitPhase(SubmitPhase.SUBMITTED);
        store.jobSubmitPhase(job);
        job.schedulePoll(clock.getAsLong() + minPollMillis, minPollMillis);
        LOG.info("study {}: job {} submitted ({} cores)", get(job.getRunId()), job, job.getSpec().procs());
    }

    /** All jobs of the run are on the platform (or refused by it). */
    public void allSubmitted(StudyRun run) {
        if (run.getPhase() == RunPhase.UPLOADED || run.getPhase() == RunPhase.STARTED) {
            run.setPhase(RunPhase.SUBMITTED);
            store.runPhase(run.getRunId(), RunPhase.SUBMITTED, null);
        }
    }

    /**
     * When any job on the platform is due for a look, all of them: one engine call can then list every
     * status at once, and their next looks stay together. Empty while none is due.
     */
    public List<TrackedJob> dueForPoll() {
        long now = clock.getAsLong();
        List<TrackedJob> pollable = new ArrayList<>();
        boolean anyDue = false;
        for (StudyRun run : runs.values()) {
            for (TrackedJob job : run.getJobs()) {
                if (job.getSubmitPhase() == SubmitPhase.SUBMITTED && !job.isTerminal() && job.getPollInterval() > 0) {
                    pollable.add(job);
                    anyDue |= job.getNextPollAt() <= now;
                }
            }
        }
        return anyDue ? pollable : List.of();
    }

    /** The jobs of {@code pollable} on the engine's list of unfinished jobs (none when there is no list). */
    public List<TrackedJob> listedJobs(Map<String, ObservedStatus> listed, List<TrackedJob> pollable) {
        return listed == null ? List.of() : pollable.stream().filter(j -> listed.containsKey(j.getPlatformId())).toList();
    }

    /** The jobs of {@code pollable} missing from that list (all of them when there is none): each needs a call of its own. */
    public List<TrackedJob> unlistedJobs(Map<String, ObservedStatus> listed, List<TrackedJob> pollable) {
        return listed == null ? pollable : pollable.stream().filter(j -> !listed.containsKey(j.getPlatformId())).toList();
    }

    /** The job's status from the engine's list of unfinished jobs, or null when it is not on it (it ended). */
    public ObservedStatus listedStatus(Map<String, ObservedStatus> listed, TrackedJob job) {
        return listed == null ? null : listed.get(job.getPlatformId());
    }

    /**
     * Records a status the platform reported; logs and stores a change. Returns true when the job
     * just became terminal, so the caller collects its result exactly once.
     */
    public boolean observe(TrackedJob job, ObservedStatus status) {
        long now = clock.getAsLong();
        long since = status.since() == null ? now : Math.min(now, status.since().toEpochMilli());
        boolean changed = job.observe(status.status(), status.reason(), status.state(), now, since);
        if (status.ran() != null) {
            job.setRanMillis(status.ran().toMillis());
        }
        scheduleNextPoll(job, changed, now);
        if (changed && job.getState() == JobState.SUCCEEDED && job.getRunMillis() > 0) {
            lookAtRunningJobsWhenTheyShouldEnd(get(job.getRunId()), now);
        }
        if (changed) {
            // The platform's own history, entries not recorded yet (it may have moved several steps
            // between two polls), else just what was seen now.
            List<ObservedStatus.Entry> entries = status.history().isEmpty()
                    ? List.of(new ObservedStatus.Entry(status.status(), job.getStatusReason(), Instant.ofEpochMilli(now)))
                    : status.history();
            // Entries are numbered across the job's tries; this try's begin after the earlier ones'.
            int base = job.getHistoryBase();
            int recorded = job.getRecordedHistory() - base;
            for (int i = recorded; i < entries.size(); i++) {
                ObservedStatus.Entry e = entries.get(i);
                boolean last = i == entries.size() - 1;
                store.jobStatus(job, base + i + 1, e.status(), last ? job.getStatusReason() : e.reason(), e.date());
            }
            store.jobState(job);
            job.setRecordedHistory(base + Math.max(recorded, status.history().isEmpty() ? recorded + 1 : entries.size()));
            LOG.info("study {}: job {} is {}{}", get(job.getRunId()), job, status.status(),
                    status.reason() == null ? "" : " (" + status.reason() + ")");
        }
        return job.takeEnded();
    }

    /**
     * When to look at the job again. A job that starts running is looked at just after it is expected
     * to end ({@link StudyRun#expectedRunMillis}: its matrix point's run the last time the study ran
     * here, else the shortest run of this run so far; at once, min-interval, while nothing tells), and
     * at least every max-interval until then; past that end, more and more rarely (x1.5 per look, up to
     * max-interval) while nothing changes. A job waiting in a queue is looked at more and more rarely
     * too, since starting is all it can do.
     *
     * <p>A look that came early, because another job of the same list call was due, counts as a look:
     * a job expected to end later is next looked at when it should end, or max-interval from this
     * look; any other job's interval restarts from this look. So jobs started a little apart (placed
     * a few at a time) come to be due together and share list calls: each on its own schedule, 20 jobs
     * of 2 minutes cost 42 list calls where one schedule needs about 15 (bench, figure 2c).
     */
    private void scheduleNextPoll(TrackedJob job, boolean changed, long now) {
        boolean running = job.getState() == JobState.RUNNING;
        long end = running ? expectedEnd(job) : 0;
        if (running && (changed || end > now)) {
            job.schedulePoll(lookForTheEnd(end, now), minPollMillis);
        } else if (changed || job.getNextPollAt() <= now) {
            long interval = Math.min(maxPollMillis, Math.max(minPollMillis, Math.round(job.getPollInterval() * 1.5)));
            job.schedulePoll(now + interval, interval);
        } else {
            job.schedulePoll(now + job.getPollInterval(), job.getPollInterval());
        }
    }

    /**
     * Just after a running job should end, counted from when the platform started it, or 0 while
     * nothing tells how long it runs. A little after the end, not on it: a run as long as the expected
     * one, looked at on the dot, was still running half the time and cost a second list call (bench,
     * figure 2); so a twentieth of the run more, at least half a min-interval. And at most two
     * min-intervals: a twentieth of a 2-minute run noticed every end 6 s late, while a run that
     * outlasts the look is looked at again within a few more min-intervals (figure 2c).
     */
    private long expectedEnd(TrackedJob job) {
        long expected = get(job.getRunId()).expectedRunMillis(job);
        long margin = Math.max(minPollMillis / 2, Math.min(expected / 20, 2 * minPollMillis));
        return expected == 0 ? 0 : job.getRunningSince() + expected + margin;
    }

    /** When to look at a running job next: at its {@link #expectedEnd}, but not sooner than min-interval nor later than max-interval. */
    private long lookForTheEnd(long expectedEnd, long now) {
        return Math.min(now + maxPollMillis, Math.max(now + minPollMillis, expectedEnd));
    }

    /**
     * A job of the run just succeeded, so the run's shortest run may be known now or shorter: the
     * run's running jobs are looked at when they should end. Without this a job seen starting in the
     * same list call, but before the one that ended, kept growing intervals.
     */
    private void lookAtRunningJobsWhenTheyShouldEnd(StudyRun run, long now) {
        for (TrackedJob other : run.getJobs()) {
            if (other.getState() == JobState.RUNNING && other.getRunningSince() > 0) {
                long end = expectedEnd(other);
                if (end > now) {
                    other.schedulePoll(lookForTheEnd(end, now), minPollMillis);
                }
            }
        }
    }

    /**
     * Jobs to stop on the platform now, each returned once: those a user cancelled, and those past a
     * limit: running longer than the study's walltime (counted from when they were first seen running,
     * so queueing does not count), or unfinished when the study's deadline has passed.
     */
    public List<TrackedJob> jobsToStop() {
        long now = clock.getAsLong();
        List<TrackedJob> toStop = new ArrayList<>();
        for (StudyRun run : runs.values()) {
            Study study = run.getStudy();
            long deadlineAt = deadlineAt(run);
            long walltime = hoursToMillis(study.job().walltime());
            for (TrackedJob job : run.getJobs()) {
                if (job.getSubmitPhase() != SubmitPhase.SUBMITTED || job.isTerminal()) {
                    continue;
                }
                if (!job.isStopping() && now > deadlineAt) {
                    job.stopFor(JobState.TIMED_OUT, "still running at the study's deadline of " + study.deadline() + " h");
                } else if (!job.isStopping() && job.getRunningSince() > 0 && now > job.getRunningSince() + walltime) {
                    job.stopFor(JobState.TIMED_OUT, "ran longer than its walltime of " + study.job().walltime() + " h");
                }
                if (job.takeStopToSend()) {
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
        StudyRun run = get(runId);
        run.halt("the study was cancelled");
        int open = 0;
        for (TrackedJob job : run.getJobs()) {
            if (!job.isTerminal() && job.getOutcome() == null) {
                job.stopFor(JobState.STOPPED, "cancelled by the user");
                open++;
            }
        }
        LOG.warn("study {}: cancelled; {} jobs to stop", run, open);
        return open;
    }

    private static long hoursToMillis(double hours) {
        return Math.round(hours * 3_600_000);
    }

    /** A failed poll: ask again later rather than hammer a platform that is struggling. */
    public void pollFailed(TrackedJob job, String why) {
        long interval = Math.min(maxPollMillis, Math.max(minPollMillis, job.getPollInterval() * 2));
        job.schedulePoll(clock.getAsLong() + interval, interval);
        LOG.warn("study {}: status of job {} not read ({}); asking again in {} ms", get(job.getRunId()), job, why, interval);
    }

    /** When the run's study deadline passes (millis), or never when the study sets none. */
    private static long deadlineAt(StudyRun run) {
        double hours = run.getStudy().deadline();
        return hours > 0 ? run.getStarted().toEpochMilli() + hoursToMillis(hours) : Long.MAX_VALUE;
    }

    /** How often a result is fetched again after a failure that may pass (platform down) before the job counts as failed. */
    static final int COLLECT_TRIES = 20;

    /**
     * Puts off fetching the job's result after a failure that may pass (the platform is down or
     * throttling beyond the retries of one fetch): tried again after max-interval times the tries
     * so far, up to {@link #COLLECT_TRIES}; false when those are spent and the job should end failed.
     */
    public boolean collectLater(TrackedJob job, String why) {
        long now = clock.getAsLong();
        int tries = job.getCollectTries() + 1;
        if (tries >= COLLECT_TRIES) {
            return false;
        }
        long delay = Math.min(10 * maxPollMillis, tries * maxPollMillis);
        job.collectFailed(now + delay);
        LOG.warn("study {}: result of job {} not fetched ({}); trying again in {} s", get(job.getRunId()), job, why, delay / 1000.0);
        return true;
    }

    /** Jobs whose put-off result fetch is due now, each returned once. */
    public List<TrackedJob> dueForCollect() {
        long now = clock.getAsLong();
        List<TrackedJob> due = new ArrayList<>();
        for (StudyRun run : runs.values()) {
            for (TrackedJob job : run.getJobs()) {
                if (job.takeCollectDue(now)) {
                    due.add(job);
                }
            }
        }
        return due;
    }

    /**
     * Whether the job, which failed on the platform, is placed again (the study's job.retries, not
     * past its deadline, not cancelled). If so the try that failed is recorded in its history as a
     * {@code Retry} entry with the reason, and the job is ready to be placed as a new platform job.
     */
    public boolean retry(TrackedJob job) {
        StudyRun run = get(job.getRunId());
        Study study = run.getStudy();
        long deadlineAt = deadlineAt(run);
        if (job.getState() != JobState.FAILED || job.getAttempt() > study.job().retries() || run.getHaltReason() != null
                || clock.getAsLong() >= deadlineAt) {
            return false;
        }
        String why = "try " + job.getAttempt() + " ended " + job.getState() + (job.getStatusReason() == null ? "" : " (" + job.getStatusReason() + ")")
                + " as platform job " + job.getPlatformId() + "; try " + (job.getAttempt() + 1) + " of " + (study.job().retries() + 1) + " follows";
        int seq = job.getRecordedHistory() + 1;
        store.jobRetried(job, seq, why, Instant.ofEpochMilli(clock.getAsLong()));
        job.retry();
        LOG.warn("study {}: job {}: {}", run, job, why);
        return true;
    }

    /** Ends a job the platform refused (e.g. create answered 400): it still counts in the study. */
    public JobOutcome notSubmitted(TrackedJob job, String why) {
        job.fail(JobState.FAILED, why);
        job.setSubmitPhase(SubmitPhase.REFUSED);
        store.jobSubmitPhase(job);
        LOG.error("study {}: job {} could not be submitted: {}", get(job.getRunId()), job, why);
        return finish(job, null, why);
    }

    /** The job's final record, with its time when one was read. */
    public JobOutcome finish(TrackedJob job, Double seconds, String error) {
        // A run that succeeded on the platform but left no readable time is no result for the study.
        JobState state = seconds == null && job.getState() == JobState.SUCCEEDED ? JobState.FAILED : job.getState();
        JobOutcome outcome = outcomeOf(job, seconds, error, state);
        store.jobFinished(job, outcome);
        job.setOutcome(outcome);
        StudyRun run = get(job.getRunId());
        LOG.info("study {}: {}/{} done; job {} {}{}", run, run.getDoneCount(), run.getJobCount(), job,
                state, seconds == null ? (error == null ? "" : ": " + error) : " in " + seconds + " s");
        return outcome;
    }

    private static JobOutcome outcomeOf(TrackedJob job, Double seconds, String error, JobState state) {
        JobSpec spec = job.getSpec();
        return new JobOutcome(spec.procs(), spec.point(), spec.name(), job.getPlatformId(),
                state, job.getLastStatus(), job.getStatusReason(), seconds, error);
    }

    /**
     * The run's outcome once the aggregator holds one outcome per job (keyed by matrix point), in
     * matrix order. Anything missing is a defect worth failing loudly on.
     */
    public StudyOutcome outcome(String runId, Map<Map<String, String>, JobOutcome> aggregated) {
        StudyRun run = get(runId);
        for (TrackedJob job : run.getJobs()) {
            if (!aggregated.containsKey(job.getSpec().point()) || job.getOutcome() == null) {
                throw new IllegalStateException("study " + run + ": no outcome for job " + job + " among " + aggregated.keySet());
            }
        }
        return outcome(run);
    }

    private StudyOutcome outcome(StudyRun run) {
        List<JobOutcome> jobs = run.getJobs().stream().map(TrackedJob::getOutcome).toList();
        return new StudyOutcome(run.getStudy().name(), run.getRunId(), run.getOutputDir(), jobs, run.getStudy().charts(),
                run.getStudyFileText(), platformUrl, run.getStarted(), Instant.ofEpochMilli(clock.getAsLong()));
    }

    /** The report is written: the run leaves the registry and whoever waits on it is told. */
    public void reported(String runId, Path report) {
        StudyRun run = runs.remove(runId);
        if (run != null) {
            forget(run);
            run.setPhase(RunPhase.REPORTED);
            store.runFinished(runId, RunPhase.REPORTED, null);
            LOG.info("study {}: report written to {}", run, report);
            run.completion().complete(outcome(run));
        }
    }

    /** The run cannot go on (e.g. its upload was refused): recorded, and whoever waits is told why. */
    public void abandoned(StudyRun run, String why) {
        runs.remove(run.getRunId());
        forget(run);
        run.setPhase(RunPhase.ABANDONED);
        store.runFinished(run.getRunId(), RunPhase.ABANDONED, why);
        LOG.error("study {}: abandoned: {}", run, why);
        run.completion().completeExceptionally(new IllegalStateException(why));
    }

    /** The run's kept input is no longer needed once the run is finished. */
    private void forget(StudyRun run) {
        try {
            Files.deleteIfExists(run.getZip());
            Files.deleteIfExists(run.getZip().getParent());
        } catch (IOException e) {
            LOG.warn("study {}: could not delete its kept input {}: {}", run, run.getZip(), e.getMessage());
        }
    }
}
