package org.hpcsweep.study;

import java.util.ArrayList;
import java.util.List;

/**
 * One job of a running study as hpc-sweep follows it: its platform id once created, what the
 * platform last said, when to ask again, and how it ended. Guarded by its own lock because the
 * submit, monitor and collect routes touch it from different threads.
 */
public final class TrackedJob {
    private final String runId;
    private final JobSpec spec;
    private String platformId;
    private SubmitPhase submitPhase = SubmitPhase.PLANNED;
    private JobState state = JobState.PENDING;
    private String lastStatus;
    private String statusReason;
    private final List<String> history = new ArrayList<>();
    private long nextPollAt;
    private long pollInterval;
    private JobOutcome outcome;
    private long runningSince;
    private long endSeenAt;
    private boolean endTaken;
    private long ranMillis;
    private int collectTries;
    private long collectAt;
    private int recordedHistory;
    private int attempt = 1;
    private int historyBase;
    private JobState stopAs;
    private String stopReason;
    private boolean stopSent;

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

    /** How many entries of the status history came before this try's own. */
    synchronized int getHistoryBase() {
        return historyBase;
    }

    /**
     * Makes the job a new try: a new platform job (its own name, so a crash is reconciled against
     * it alone) placed from the start. The history keeps the earlier tries' statuses and the
     * {@link #RETRY} entry recorded just before this call.
     */
    synchronized void retry() {
        attempt++;
        history.add(RETRY);
        recordedHistory++;
        historyBase = recordedHistory;
        platformId = null;
        submitPhase = SubmitPhase.PLANNED;
        state = JobState.PENDING;
        lastStatus = null;
        statusReason = null;
        runningSince = 0;
        endSeenAt = 0;
        ranMillis = 0;
        nextPollAt = 0;
        pollInterval = 0;
        endTaken = false;
    }

    /**
     * True once per try: the first time it is asked after the job became terminal. Whoever gets it
     * collects the job, so two looks at the same job that overlap cannot collect it twice (and so
     * count it twice towards its study's completion).
     */
    synchronized boolean takeEnded() {
        if (!isTerminal() || endTaken) {
            return false;
        }
        endTaken = true;
        return true;
    }

    /** The status history entry that separates one try of a job from the next. */
    static final String RETRY = "Retry";

    public synchronized SubmitPhase getSubmitPhase() {
        return submitPhase;
    }

    synchronized void setSubmitPhase(SubmitPhase submitPhase) {
        this.submitPhase = submitPhase;
    }

    /** Puts back what the store remembered of this job after a restart. */
    synchronized void restore(StoredJob stored) {
        submitPhase = stored.submitPhase();
        platformId = stored.platformId();
        state = stored.state();
        lastStatus = stored.lastStatus();
        statusReason = stored.statusReason();
        history.clear();
        history.addAll(stored.history());
        recordedHistory = stored.history().size();
        // The tries so far and where the present one's statuses begin, from the RETRY entries.
        attempt = 1 + (int) stored.history().stream().filter(RETRY::equals).count();
        historyBase = stored.history().lastIndexOf(RETRY) + 1;
    }

    public synchronized String getPlatformId() {
        return platformId;
    }

    synchronized void setPlatformId(String platformId) {
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

    public synchronized List<String> getHistory() {
        return List.copyOf(history);
    }

    /** How many entries of the job's status history are in the store. */
    synchronized int getRecordedHistory() {
        return recordedHistory;
    }

    synchronized void setRecordedHistory(int recordedHistory) {
        this.recordedHistory = recordedHistory;
    }

    /** When the job was first seen running (millis), 0 before; its walltime counts from then. */
    synchronized long getRunningSince() {
        return runningSince;
    }

    /**
     * How long the job ran (millis): by the engine's clock when it told, else as seen by the polls
     * (first seen running to first seen ended, which adds how late the end was seen); 0 when unknown.
     */
    synchronized long getRunMillis() {
        if (ranMillis > 0) {
            return ranMillis;
        }
        return runningSince > 0 && endSeenAt > runningSince ? endSeenAt - runningSince : 0;
    }

    /** Counts a fetch of the result that failed for now, to be tried again at {@code retryAt}. */
    synchronized void collectFailed(long retryAt) {
        collectAt = retryAt;
        collectTries++;
    }

    synchronized int getCollectTries() {
        return collectTries;
    }

    /** True once when a fetch put off by {@link #collectFailed} is due. */
    synchronized boolean takeCollectDue(long now) {
        boolean due = collectAt > 0 && collectAt <= now && outcome == null;
        if (due) {
            collectAt = 0;
        }
        return due;
    }

    synchronized void setRanMillis(long ranMillis) {
        this.ranMillis = ranMillis;
    }

    /**
     * hpc-sweep stops the job (past a limit: {@code TIMED_OUT}; cancelled: {@code STOPPED}); when the
     * platform reports it ended, it ends as {@code as}, with this reason. The first request wins.
     */
    synchronized void stopFor(JobState as, String reason) {
        if (stopAs == null) {
            stopAs = as;
            stopReason = reason;
        }
    }

    synchronized boolean isStopping() {
        return stopAs != null;
    }

    /** True once per job: the first caller sends the stop to the platform. */
    synchronized boolean takeStopToSend() {
        boolean send = stopAs != null && !stopSent;
        if (send) {
            stopSent = true;
        }
        return send;
    }

    /**
     * Records what the platform says now; returns whether it differs from what it said before.
     * {@code since} is when the status began (the platform's date where it tells it, else now).
     */
    synchronized boolean observe(String status, String reason, JobState newState, long now, long since) {
        if (newState == JobState.RUNNING && runningSince == 0) {
            runningSince = since;
        }
        if (newState.isTerminal() && endSeenAt == 0) {
            endSeenAt = now;
        }
        if (stopAs != null && newState.isTerminal() && newState != JobState.SUCCEEDED) {
            newState = stopAs;
            reason = stopReason;
        }
        boolean changed = !status.equals(lastStatus) || newState != state;
        if (changed) {
            history.add(status);
        }
        lastStatus = status;
        statusReason = reason;
        state = newState;
        return changed;
    }

    /** Ends the job without the platform's word, e.g. when it could not be created. */
    synchronized void fail(JobState terminal, String reason) {
        state = terminal;
        statusReason = reason;
    }

    synchronized long getNextPollAt() {
        return nextPollAt;
    }

    synchronized void schedulePoll(long at, long interval) {
        this.nextPollAt = at;
        this.pollInterval = interval;
    }

    synchronized long getPollInterval() {
        return pollInterval;
    }

    public synchronized JobOutcome getOutcome() {
        return outcome;
    }

    synchronized void setOutcome(JobOutcome outcome) {
        this.outcome = outcome;
    }

    @Override
    public String toString() {
        return "'" + spec.name() + "'" + (platformId == null ? "" : " (" + platformId + ")");
    }
}
