package org.hpcsweep.study;

/**
 * One job of a running study as the platform knows it: which try it is, its platform id once
 * created, how far its placement got, what the platform last said and how it ended. When it is
 * looked at next ({@code flow.PollSchedule}), whether it is being stopped ({@code flow.Limits}) and
 * how its status history is numbered ({@link StudyStore}) are kept by those who decide them.
 * Guarded by its own lock: the placement, monitor and collect routes touch it from different threads.
 */
public final class TrackedJob {
    /** The status history entry that separates one try of a job from the next. */
    public static final String RETRY = "Retry";

    private final String runId;
    private final JobSpec spec;
    private int attempt = 1;
    private String platformId;
    private SubmitPhase submitPhase = SubmitPhase.PLANNED;
    private JobState state = JobState.PENDING;
    private String lastStatus;
    private String statusReason;
    private long runningSince;
    private long endSeenAt;
    private long ranMillis;
    private Integer exitCode;
    private boolean endTaken;
    private JobOutcome outcome;

    TrackedJob(String runId, JobSpec spec) {
        this.runId = runId;
        this.spec = spec;
    }

    public String getRunId() {
        return runId;
    }

    public JobSpec getSpec() {
        return spec;
    }

    /**
     * The job's name on the platform: the study's name for it plus the run and index, which makes it
     * unique, so that after a crash the job can be found again on the platform by its name.
     */
    public synchronized String getPlatformName() {
        return spec.name() + " [" + runId + "#" + spec.index() + (attempt > 1 ? "/" + attempt : "") + "]";
    }

    /** Which try of this job is on the platform: 1, then 2... after each {@link #retry}. */
    public synchronized int getAttempt() {
        return attempt;
    }

    /** Makes the job a new try: a new platform job (its own name, so a crash is reconciled against it alone) placed from the start. */
    public synchronized void retry() {
        attempt++;
        platformId = null;
        submitPhase = SubmitPhase.PLANNED;
        state = JobState.PENDING;
        lastStatus = null;
        statusReason = null;
        runningSince = 0;
        endSeenAt = 0;
        ranMillis = 0;
        exitCode = null;
        endTaken = false;
    }

    /**
     * True once per try: the first time it is asked after the job became terminal. Whoever gets it
     * collects the job, so two looks at the same job that overlap cannot collect it twice (and so
     * count it twice towards its study's completion).
     */
    public synchronized boolean takeEnded() {
        if (!isTerminal() || endTaken) {
            return false;
        }
        endTaken = true;
        return true;
    }

    public synchronized SubmitPhase getSubmitPhase() {
        return submitPhase;
    }

    public synchronized void setSubmitPhase(SubmitPhase submitPhase) {
        this.submitPhase = submitPhase;
    }

    /** Puts back what the store remembered of this job after a restart. */
    public synchronized void restore(StoredJob stored) {
        attempt = stored.attempt();
        submitPhase = stored.submitPhase();
        platformId = stored.platformId();
        state = stored.state();
        lastStatus = stored.lastStatus();
        statusReason = stored.statusReason();
        ranMillis = stored.ranMillis() == null ? 0 : stored.ranMillis();
        exitCode = stored.exitCode();
    }

    public synchronized String getPlatformId() {
        return platformId;
    }

    public synchronized void setPlatformId(String platformId) {
        this.platformId = platformId;
    }

    public synchronized JobState getState() {
        return state;
    }

    public synchronized boolean isTerminal() {
        return state.isTerminal();
    }

    public synchronized String getLastStatus() {
        return lastStatus;
    }

    public synchronized String getStatusReason() {
        return statusReason;
    }

    /** When the job was first seen running (millis), 0 before; its walltime counts from then. */
    public synchronized long getRunningSince() {
        return runningSince;
    }

    /**
     * How long the job ran (millis): by the engine's clock when it told, else as seen by the polls
     * (first seen running to first seen ended, which adds how late the end was seen); 0 when unknown.
     */
    public synchronized long getRunMillis() {
        if (ranMillis > 0) {
            return ranMillis;
        }
        return runningSince > 0 && endSeenAt > runningSince ? endSeenAt - runningSince : 0;
    }

    /**
     * Records what the platform says now; returns whether it differs from what it said before.
     * {@code since} is when the status began (the platform's date where it tells it, else now).
     */
    public synchronized boolean observe(ObservedStatus seen, long now, long since) {
        if (seen.state() == JobState.RUNNING && runningSince == 0) {
            runningSince = since;
        }
        if (seen.state().isTerminal() && endSeenAt == 0) {
            endSeenAt = now;
        }
        if (seen.ran() != null) {
            ranMillis = seen.ran().toMillis();
        }
        if (seen.exitCode() != null) {
            exitCode = seen.exitCode();
        }
        boolean changed = !seen.status().equals(lastStatus) || seen.state() != state;
        lastStatus = seen.status();
        statusReason = seen.reason();
        state = seen.state();
        return changed;
    }

    /** The job's exit code where the engine told it, else null. */
    public synchronized Integer getExitCode() {
        return exitCode;
    }

    /** Ends the job without the platform's word, e.g. when it could not be created. */
    public synchronized void fail(JobState terminal, String reason) {
        state = terminal;
        statusReason = reason;
    }

    public synchronized JobOutcome getOutcome() {
        return outcome;
    }

    public synchronized void setOutcome(JobOutcome outcome) {
        this.outcome = outcome;
    }

    @Override
    public String toString() {
        return "'" + spec.name() + "'" + (platformId == null ? "" : " (" + platformId + ")");
    }
}
