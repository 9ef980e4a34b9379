package org.hpcsweep.study;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One run of a study: the study, its input zip, its jobs, and a future that completes with the
 * outcome once the report is written (what the one-shot command waits on).
 */
public final class StudyRun {
    private final String runId;
    private final Study study;
    private final String studyFileText;
    private final Path zip;
    private final Path outputDir;
    private final Instant started;
    private final List<TrackedJob> jobs;
    private final CompletableFuture<StudyOutcome> completion = new CompletableFuture<>();
    private volatile String inputFileId;
    private volatile RunPhase phase = RunPhase.STARTED;
    private volatile String haltReason;
    /** By job index: how long the job's matrix point ran last time, 0 when unknown. */
    private volatile long[] lastRunMillis;

    public StudyRun(String runId, Study study, String studyFileText, Path zip, Path outputDir, Instant started) {
        this.runId = runId;
        this.study = study;
        this.studyFileText = studyFileText;
        this.zip = zip;
        this.outputDir = outputDir;
        this.started = started;
        this.jobs = StudyPlan.jobs(study).stream().map(spec -> new TrackedJob(runId, spec)).toList();
        this.lastRunMillis = new long[jobs.size()];
    }

    public String getRunId() {
        return runId;
    }

    public Study getStudy() {
        return study;
    }

    public String getStudyFileText() {
        return studyFileText;
    }

    public Path getZip() {
        return zip;
    }

    public Path getOutputDir() {
        return outputDir;
    }

    public Instant getStarted() {
        return started;
    }

    /**
     * The shortest time a job of this run that succeeded ran (millis), 0 before one has:
     * the earliest a running job of the same study can be expected to end.
     */
    public long shortestRunMillis() {
        return jobs.stream().filter(j -> j.getState() == JobState.SUCCEEDED).mapToLong(TrackedJob::getRunMillis)
                .filter(ms -> ms > 0).min().orElse(0);
    }

    /** How long each matrix point ran when the study last ran on this platform (point key to millis). */
    public void setLastRunMillis(Map<String, Long> byPoint) {
        // Resolved to each job once here: the monitor asks for every running job at every look.
        long[] byJob = new long[jobs.size()];
        for (TrackedJob job : jobs) {
            byJob[job.getSpec().index()] = byPoint.getOrDefault(job.getSpec().pointKey(), 0L);
        }
        this.lastRunMillis = byJob;
    }

    /**
     * How long {@code job} is expected to run (millis), 0 when nothing tells: as long as its matrix
     * point ran the last time the study ran here, else the study file's {@code job.expectedRuntime},
     * else as long as the shortest run of this run so far. The point's own last run first: it was
     * measured, for this point (in a scaling study the p = 1 job runs far longer than the p = 36 job),
     * where the study file's is one guess for every point. The guess over this run's shortest run: that
     * one is only the earliest a job may end (the p = 36 job's), the guess is what the author expects.
     */
    public long expectedRunMillis(TrackedJob job) {
        long last = lastRunMillis[job.getSpec().index()];
        if (last > 0) {
            return last;
        }
        long hint = study.job().expectedRunMillis();
        return hint > 0 ? hint : shortestRunMillis();
    }

    /** When the study's deadline passes (epoch millis), or never when the study sets none. */
    public long deadlineAt() {
        double hours = study.deadline();
        return hours > 0 ? started.toEpochMilli() + Math.round(hours * 3_600_000) : Long.MAX_VALUE;
    }

    public List<TrackedJob> getJobs() {
        return jobs;
    }

    public int getJobCount() {
        return jobs.size();
    }

    public long getDoneCount() {
        return jobs.stream().filter(j -> j.getOutcome() != null).count();
    }

    public String getInputFileId() {
        return inputFileId;
    }

    public void setInputFileId(String inputFileId) {
        this.inputFileId = inputFileId;
    }

    /** Why no further job of this run should be placed (e.g. the platform refused the key), or null. */
    public String getHaltReason() {
        return haltReason;
    }

    public void halt(String reason) {
        this.haltReason = reason;
    }

    public RunPhase getPhase() {
        return phase;
    }

    public void setPhase(RunPhase phase) {
        this.phase = phase;
    }

    /** The outcomes already collected (after a restart: those the store remembered). */
    public List<JobOutcome> getCollectedOutcomes() {
        return jobs.stream().map(TrackedJob::getOutcome).filter(java.util.Objects::nonNull).toList();
    }

    /** Jobs that ended but whose result is not collected yet. */
    public List<TrackedJob> getJobsToCollect() {
        return jobs.stream().filter(j -> j.getOutcome() == null && j.isTerminal()).toList();
    }

    /** Jobs whose way onto the platform is not finished: the submit step takes exactly these. */
    public List<TrackedJob> getJobsToSubmit() {
        return jobs.stream().filter(j -> !j.getSubmitPhase().isOnPlatform()).toList();
    }

    public CompletableFuture<StudyOutcome> completion() {
        return completion;
    }

    @Override
    public String toString() {
        return study.name() + "/" + runId;
    }
}
