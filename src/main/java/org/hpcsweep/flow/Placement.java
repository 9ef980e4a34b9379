package org.hpcsweep.flow;

import org.apache.camel.Exchange;
import org.hpcsweep.engine.StepErrors;
import org.hpcsweep.study.JobOutcome;
import org.hpcsweep.study.JobState;
import org.hpcsweep.study.RunPhase;
import org.hpcsweep.study.StudyRun;
import org.hpcsweep.study.StudyStore;
import org.hpcsweep.study.SubmitPhase;
import org.hpcsweep.study.TrackedJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 3, placement (routes/flow/30-placement.yaml and the engines' place routes): each job's way onto
 * the platform, recorded before every call that could create or start it, so that a crash in between
 * is reconciled with the platform instead of repeated (a repeated call can start a second, billed job).
 */
public final class Placement {
    private static final Logger LOG = LoggerFactory.getLogger("hpcsweep.study");
    private final RunRegistry registry;
    private final StudyStore store;
    private final PollSchedule schedule;
    private final Collect collect;
    private final StepErrors errors;

    Placement(RunRegistry registry, StudyStore store, PollSchedule schedule, Collect collect, StepErrors errors) {
        this.registry = registry;
        this.store = store;
        this.schedule = schedule;
        this.collect = collect;
        this.errors = errors;
    }

    /** Recorded before the create call: from here a crash means "the job may exist". */
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

    /** Recorded before the submit call: from here a crash means "the job may run". */
    public void submitting(TrackedJob job) {
        job.setSubmitPhase(SubmitPhase.SUBMITTING);
        store.jobSubmitPhase(job);
    }

    /** The job is on the platform: the monitor looks at it from now on. */
    public void submitted(TrackedJob job) {
        job.setSubmitPhase(SubmitPhase.SUBMITTED);
        store.jobSubmitPhase(job);
        schedule.submitted(job);
        LOG.info("study {}: job {} submitted ({} cores)", registry.runOf(job), job, job.getSpec().procs());
    }

    /** All jobs of the run are on the platform (or refused by it). */
    public void allSubmitted(StudyRun run) {
        if (run.getPhase() == RunPhase.UPLOADED || run.getPhase() == RunPhase.STARTED) {
            run.setPhase(RunPhase.SUBMITTED);
            store.runPhase(run.getRunId(), RunPhase.SUBMITTED, null);
        }
    }

    /**
     * The job could not be placed (the platform refused it, or its retries are spent): it ends failed
     * with the reason and still counts in the study. A refused key also halts the run's further
     * placements, each of which would only be refused again. The outcome becomes the body.
     */
    public JobOutcome refused(Exchange exchange) {
        TrackedJob job = FlowProperties.job(exchange);
        String why = errors.describe(exchange);
        if (errors.isRefusedCredentials(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class))) {
            FlowProperties.run(exchange).halt(why);
        }
        job.fail(JobState.FAILED, why);
        job.setSubmitPhase(SubmitPhase.REFUSED);
        store.jobSubmitPhase(job);
        LOG.error("study {}: job {} could not be submitted: {}", registry.runOf(job), job, why);
        return collect.finish(job, null, why);
    }
}
