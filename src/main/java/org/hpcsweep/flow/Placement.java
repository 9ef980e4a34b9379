package org.hpcsweep.flow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.LongSupplier;
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
    private final long settleMillis;
    private final LongSupplier clock;
    // Weak keys: an entry goes with its job, when the run it belongs to leaves the registry.
    private final Map<TrackedJob, Long> createSentAt = Collections.synchronizedMap(new WeakHashMap<>());
    // Creates that got no answer after they were sent, by job: when each was sent.
    private final Map<TrackedJob, Long> unanswered = Collections.synchronizedMap(new WeakHashMap<>());

    Placement(RunRegistry registry, StudyStore store, PollSchedule schedule, Collect collect, StepErrors errors, long settleMillis,
              LongSupplier clock) {
        this.registry = registry;
        this.store = store;
        this.schedule = schedule;
        this.collect = collect;
        this.errors = errors;
        this.settleMillis = settleMillis;
        this.clock = clock;
    }

    /** Recorded before the create call: from here a crash means "the job may exist". */
    public void creating(TrackedJob job) {
        job.setSubmitPhase(SubmitPhase.CREATING);
        store.jobSubmitPhase(job);
        createSentAt.put(job, clock.getAsLong());
    }

    /**
     * The create call failed: when it got no answer after it may have been sent (a timeout, a reset),
     * it may still land, and {@link #settle} waits for that before the job is searched for. Rethrows
     * the failure: the step's error handler decides what comes next.
     */
    public void createFailed(Exchange exchange) throws Exception {
        TrackedJob job = FlowProperties.job(exchange);
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Long sent = createSentAt.get(job);
        if (sent != null && errors.isUnanswered(failure)) {
            unanswered.put(job, sent);
        }
        throw failure;
    }

    /**
     * Before the platform is searched for a job whose create got no answer: waits until that create
     * can no longer land (settle-millis after it was sent), else a create held up in the network lands
     * after the search found nothing and the job is created twice. A create that was answered (even
     * with an error), or one from before a restart, is searched for at once; a job created twice
     * anyway is found twice and the extra deleted.
     */
    public void settle(TrackedJob job) throws InterruptedException {
        Long sent = unanswered.remove(job);
        long wait = sent == null ? 0 : sent + settleMillis - clock.getAsLong();
        if (wait > 0) {
            LOG.info("study {}: job {}: its create's answer was lost; looking for it on the platform in {} s, once a late create "
                    + "would have landed", registry.runOf(job), job, wait / 1000.0);
            Thread.sleep(wait);
        }
    }

    /**
     * Rescale's answer to a create: the job's JSON, whose {@code id} is read here rather than through an
     * OGNL call in the route (which made Camel introspect Jackson's node class at every create).
     */
    public void createAnswered(TrackedJob job, JsonNode answer) {
        created(job, answer.path("id").asText());
    }

    /**
     * Not waited on: lost in a crash, the job is still recorded CREATING and the restart finds it by
     * its name, as after any create under way; the SUBMITTING record before the submit call commits it.
     */
    public void created(TrackedJob job, String platformId) {
        job.setPlatformId(platformId);
        job.setSubmitPhase(SubmitPhase.CREATED);
        store.jobSubmitPhaseLater(job);
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

    /**
     * The job is on the platform: the monitor looks at it from now on. Not waited on: lost in a crash,
     * the job is still recorded SUBMITTING and the restart reads from its statuses that it was submitted;
     * the next write that is waited on (the next job's, the run's phase) commits it.
     */
    public void submitted(TrackedJob job) {
        job.setSubmitPhase(SubmitPhase.SUBMITTED);
        store.jobSubmitPhaseLater(job);
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
