package org.hpcsweep.flow;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.hpcsweep.study.RunPhase;
import org.hpcsweep.study.StoredJob;
import org.hpcsweep.study.StoredRun;
import org.hpcsweep.study.StoredRuns;
import org.hpcsweep.study.Study;
import org.hpcsweep.study.StudyFile;
import org.hpcsweep.study.StudyFileException;
import org.hpcsweep.study.StudyRun;
import org.hpcsweep.study.StudyStore;
import org.hpcsweep.study.SubmitPhase;
import org.hpcsweep.study.TrackedJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resume (routes/flow/80-resume.yaml): at start-up every run the store holds as unfinished (after a
 * crash or a stop) is rebuilt with each job where it was, and goes on from there.
 */
public final class Resume {
    private static final Logger LOG = LoggerFactory.getLogger("hpcsweep.study");
    private final RunRegistry registry;
    private final StudyStore store;
    private final StoredRuns storedRuns;
    private final PollSchedule schedule;
    private final FlowSettings settings;

    Resume(RunRegistry registry, StudyStore store, StoredRuns storedRuns, PollSchedule schedule, FlowSettings settings) {
        this.registry = registry;
        this.store = store;
        this.storedRuns = storedRuns;
        this.schedule = schedule;
        this.settings = settings;
    }

    /**
     * Rebuilds and registers every unfinished run this service can go on with. Jobs on the platform
     * and not yet terminal are looked at at once; collected jobs keep their outcomes.
     */
    public List<StudyRun> unfinished() {
        List<StudyRun> resumed = new ArrayList<>();
        for (StoredRun stored : storedRuns.unfinishedRuns()) {
            // The embedded platform listens on a new port at every start but comes back with the jobs an
            // earlier one kept in its data dir; one started on another data dir does not know them, and
            // the jobs end as lost (hpcsweep.poll.lost-after-millis).
            boolean embeddedBoth = FlowSettings.EMBEDDED_SCOPE.equals(stored.platformScope())
                    && FlowSettings.EMBEDDED_SCOPE.equals(settings.platformScope());
            if (!stored.platformUrl().equals(settings.platformUrl()) && !embeddedBoth) {
                // Its jobs live on another platform. Say so rather than poll a platform that never knew them.
                String why = "its jobs ran on " + stored.platformUrl() + ", not on this service's platform " + settings.platformUrl()
                        + "; start the service with hpcsweep.platform.url=" + stored.platformUrl() + " to resume it";
                store.runFinished(stored.runId(), RunPhase.ABANDONED, why);
                LOG.warn("study run {} not resumed: {}", stored.runId(), why);
                continue;
            }
            Study study;
            try {
                study = StudyFile.parse(stored.studyFileText(), stored.studySource(), settings.engine());
            } catch (StudyFileException e) {
                // Only a study file that passed once is stored; if it no longer parses, say so and let it go.
                store.runFinished(stored.runId(), RunPhase.ABANDONED, "cannot resume: " + e.getMessage());
                LOG.error("study run {} cannot be resumed: {}", stored.runId(), e.getMessage());
                continue;
            }
            // Before any of its jobs is looked at again: their new status entries are numbered on from the stored ones.
            store.runResumed(stored);
            StudyRun run = rebuild(stored, study);
            registry.add(run);
            resumed.add(run);
            LOG.info("study {}: resumed at {} with {}/{} jobs done", run, run.getPhase(), run.getDoneCount(), run.getJobCount());
        }
        return resumed;
    }

    private StudyRun rebuild(StoredRun stored, Study study) {
        StudyRun run = new StudyRun(stored.runId(), study, stored.studyFileText(), stored.zip(), stored.outputDir(), stored.started());
        run.setInputFileId(stored.inputFileId());
        run.setPhase(stored.phase());
        run.setLastRunMillis(storedRuns.lastRunMillis(study.name(), settings.platformScope(), stored.runId()));
        for (StoredJob job : stored.jobs()) {
            TrackedJob tracked = run.getJobs().get(job.index());
            tracked.restore(job);
            if (job.collected()) {
                tracked.setOutcome(Collect.outcomeOf(tracked, job.seconds(), job.error(), job.state(), job.logTail()));
            } else if (job.submitPhase() == SubmitPhase.SUBMITTED && !job.state().isTerminal()) {
                schedule.resumed(tracked);
            }
        }
        return run;
    }

    /** The resumed run in the body is the one the route goes on with. */
    public void enter(Exchange exchange) {
        FlowProperties.enterRun(exchange, exchange.getMessage().getBody(StudyRun.class));
    }
}
