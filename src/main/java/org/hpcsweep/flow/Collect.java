package org.hpcsweep.flow;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.LongSupplier;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.hpcsweep.engine.StepErrors;
import org.hpcsweep.study.JobOutcome;
import org.hpcsweep.study.JobSpec;
import org.hpcsweep.study.JobState;
import org.hpcsweep.study.ResultFile;
import org.hpcsweep.study.ResultFileReader;
import org.hpcsweep.study.StudyRun;
import org.hpcsweep.study.StudyStore;
import org.hpcsweep.study.TrackedJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 5, collect (routes/flow/50-collect.yaml): a job that ended gets its one outcome. One that
 * failed on the platform is first placed again while the study's job.retries allow; one that
 * succeeded has its result file fetched into {@code jobs/<index>-p<procs>/} (named here only); a
 * fetch that failed for a reason that may pass is put off and tried again later.
 */
public final class Collect {
    private static final Logger LOG = LoggerFactory.getLogger("hpcsweep.study");
    /** How often a result is fetched again after a failure that may pass (platform down) before the job counts as failed. */
    static final int TRIES = 20;

    /** A fetch put off: how many so far, and when the next is due (0: not due). */
    private static final class PutOff {
        int tries;
        long dueAt;
    }

    // Weak keys: an entry goes with its job, when the run it belongs to leaves the registry.
    private final Map<TrackedJob, PutOff> putOff = Collections.synchronizedMap(new WeakHashMap<>());
    private final RunRegistry registry;
    private final StudyStore store;
    private final StepErrors errors;
    private final long maxPollMillis;
    private final LongSupplier clock;

    Collect(RunRegistry registry, StudyStore store, StepErrors errors, long maxPollMillis, LongSupplier clock) {
        this.registry = registry;
        this.store = store;
        this.errors = errors;
        this.maxPollMillis = maxPollMillis;
        this.clock = clock;
    }

    /** The folder of a job's result files in its run's output: {@code jobs/<index>-p<procs>}. */
    public static String jobFolder(JobSpec spec) {
        return spec.index() + "-p" + spec.procs();
    }

    /** The job in the body is the one collected: the run's properties, its result folder and file name are set for the engine. */
    public void enter(Exchange exchange) throws InvalidPayloadException {
        TrackedJob job = exchange.getMessage().getMandatoryBody(TrackedJob.class);
        StudyRun run = registry.runOf(job);
        FlowProperties.enterRun(exchange, run);
        exchange.setProperty(FlowProperties.JOB, job);
        exchange.setProperty(FlowProperties.RESULT_FILE_NAME, run.getStudy().collect().file());
        exchange.setProperty(FlowProperties.JOB_DIR, run.getOutputDir().resolve("jobs").resolve(jobFolder(job.getSpec())).toString());
    }

    /**
     * Whether the job, which failed on the platform, is placed again (the study's job.retries, not
     * past its deadline, not cancelled). If so the try that failed is recorded in its history as a
     * {@code Retry} entry with the reason, and the job is ready to be placed as a new platform job.
     */
    public boolean retry(TrackedJob job) {
        StudyRun run = registry.runOf(job);
        int retries = run.getStudy().job().retries();
        if (job.getState() != JobState.FAILED || job.getAttempt() > retries || run.getHaltReason() != null
                || clock.getAsLong() >= run.deadlineAt()) {
            return false;
        }
        String why = "try " + job.getAttempt() + " ended " + job.getState() + (job.getStatusReason() == null ? "" : " (" + job.getStatusReason() + ")")
                + " as platform job " + job.getPlatformId() + "; try " + (job.getAttempt() + 1) + " of " + (retries + 1) + " follows";
        store.jobRetried(job, why, Instant.ofEpochMilli(clock.getAsLong()));
        job.retry();
        LOG.warn("study {}: job {}: {}", run, job, why);
        return true;
    }

    /**
     * The fetch (or reading the time) failed: a failure that may pass (the platform down or throttling
     * beyond the retries of one fetch) puts the fetch off, tried again after max-interval times the
     * tries so far, up to {@link #TRIES}; null then. Otherwise, or when those are spent, the job's
     * outcome, failed with the reason.
     */
    public JobOutcome failed(Exchange exchange) {
        TrackedJob job = FlowProperties.job(exchange);
        String why = errors.describe(exchange);
        if (errors.mayPass(exchange)) {
            long now = clock.getAsLong();
            synchronized (putOff) {
                PutOff later = putOff.computeIfAbsent(job, j -> new PutOff());
                if (later.tries + 1 < TRIES) {
                    later.tries++;
                    long delay = Math.min(10 * maxPollMillis, later.tries * maxPollMillis);
                    later.dueAt = now + delay;
                    LOG.warn("study {}: result of job {} not fetched ({}); trying again in {} s", registry.runOf(job), job, why, delay / 1000.0);
                    return null;
                }
            }
        }
        return finish(job, null, why);
    }

    /** The engine fetched the result file of the job, which succeeded: its time is read from it, and that is its outcome. */
    public JobOutcome fetched(Exchange exchange) {
        TrackedJob job = FlowProperties.job(exchange);
        ResultFile format = FlowProperties.run(exchange).getStudy().collect();
        Path file = Path.of(exchange.getProperty(FlowProperties.JOB_DIR, String.class)).resolve(format.file());
        return finish(job, ResultFileReader.seconds(file, format), null);
    }

    /** The engine fetched the output of a job that did not succeed (its file name is the body): its last lines are kept for the report. */
    public void logFetched(Exchange exchange) throws IOException {
        Path log = Path.of(exchange.getProperty(FlowProperties.JOB_DIR, String.class)).resolve(exchange.getMessage().getBody(String.class));
        exchange.setProperty(FlowProperties.LOG_TAIL, LogTail.of(log));
    }

    /** The job's output could not be fetched: the report says so, and why, instead of failing. */
    public void logNotFetched(Exchange exchange) {
        String why = errors.describe(exchange);
        exchange.setProperty(FlowProperties.LOG_TAIL, "(the job's output could not be fetched: " + why + ")");
        LOG.warn("study {}: output of job {} not fetched: {}", registry.runOf(FlowProperties.job(exchange)), FlowProperties.job(exchange), why);
    }

    /** A job that did not succeed on the platform (and is not tried again): its outcome, with the platform's reason and its output's last lines. */
    public JobOutcome endedOnPlatform(Exchange exchange) {
        TrackedJob job = FlowProperties.job(exchange);
        return finish(job, null, job.getStatusReason(), exchange.getProperty(FlowProperties.LOG_TAIL, String.class));
    }

    /** Jobs whose put-off fetch is due now, each returned once. */
    public List<TrackedJob> dueForCollect() {
        long now = clock.getAsLong();
        synchronized (putOff) {
            return registry.jobs().filter(job -> {
                PutOff later = putOff.get(job);
                boolean due = later != null && later.dueAt > 0 && later.dueAt <= now && job.getOutcome() == null;
                if (due) {
                    later.dueAt = 0;
                }
                return due;
            }).toList();
        }
    }

    /** The job's final record, with its time when one was read. */
    public JobOutcome finish(TrackedJob job, Double seconds, String error) {
        return finish(job, seconds, error, null);
    }

    /** As {@link #finish(TrackedJob, Double, String)}, with the last lines of the job's own output. */
    private JobOutcome finish(TrackedJob job, Double seconds, String error, String logTail) {
        // A run that succeeded on the platform but left no readable time is no result for the study.
        JobState state = seconds == null && job.getState() == JobState.SUCCEEDED ? JobState.FAILED : job.getState();
        JobOutcome outcome = outcomeOf(job, seconds, error, state, logTail);
        store.jobFinished(job, outcome);
        job.setOutcome(outcome);
        StudyRun run = registry.runOf(job);
        // A job that did not succeed is what a user scans the log for, so it stands out at WARN.
        LOG.atLevel(outcome.state() == JobState.SUCCEEDED ? org.slf4j.event.Level.INFO : org.slf4j.event.Level.WARN)
                .log("study {}: {}/{} done; job {} {}{}", run, run.getDoneCount(), run.getJobCount(), job, outcome.state(),
                outcome.seconds() == null ? (outcome.error() == null ? "" : ": " + outcome.error()) : " in " + outcome.seconds() + " s");
        return outcome;
    }

    /** A job's outcome as recorded. */
    static JobOutcome outcomeOf(TrackedJob job, Double seconds, String error, JobState state, String logTail) {
        JobSpec spec = job.getSpec();
        long ran = job.getRunMillis();
        return new JobOutcome(spec.index(), spec.procs(), spec.point(), spec.name(), job.getPlatformId(), state, job.getLastStatus(),
                job.getStatusReason(), seconds, error, spec.repeat(), ran > 0 ? ran / 1000.0 : null, job.getExitCode(), logTail);
    }
}
