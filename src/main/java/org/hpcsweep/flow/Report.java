package org.hpcsweep.flow;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.hpcsweep.report.RenderReport;
import org.hpcsweep.report.StudyTrend;
import org.hpcsweep.study.JobOutcome;
import org.hpcsweep.study.RunPhase;
import org.hpcsweep.study.StudyOutcome;
import org.hpcsweep.study.StudyRun;
import org.hpcsweep.study.StudyStore;
import org.hpcsweep.study.TrackedJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 7, report (routes/flow/70-report.yaml): once every job of a run has its outcome, the charting
 * processor writes results.csv, results.json, the charts and report.html into the run's folder, the
 * trend across the study's runs is updated, the run is recorded as reported and leaves the registry,
 * and whoever waits for it (the one-shot command) is told.
 */
public final class Report {
    private static final Logger LOG = LoggerFactory.getLogger("hpcsweep.study");
    private final RunRegistry registry;
    private final StudyStore store;
    private final RenderReport render;
    private final StudyTrend trend;
    private final String platformUrl;
    private final LongSupplier clock;

    Report(RunRegistry registry, StudyStore store, RenderReport render, StudyTrend trend, String platformUrl, LongSupplier clock) {
        this.registry = registry;
        this.store = store;
        this.render = render;
        this.trend = trend;
        this.platformUrl = platformUrl;
        this.clock = clock;
    }

    /**
     * Writes the report of the run from the aggregator's outcomes (one per job, by index); returns the
     * path of its report.html. An outcome missing is a defect worth failing loudly on.
     */
    public Path write(String runId, Map<Integer, JobOutcome> aggregated) throws IOException {
        StudyRun run = registry.get(runId);
        for (TrackedJob job : run.getJobs()) {
            if (!aggregated.containsKey(job.getSpec().index()) || job.getOutcome() == null) {
                throw new IllegalStateException("study " + run + ": no outcome for job " + job + " among " + aggregated.keySet());
            }
        }
        List<JobOutcome> jobs = run.getJobs().stream().map(TrackedJob::getOutcome).toList();
        StudyOutcome outcome = new StudyOutcome(run.getStudy().name(), run.getRunId(), run.getOutputDir(), jobs, run.getStudy().charts(),
                run.getStudyFileText(), platformUrl, run.getStarted(), Instant.ofEpochMilli(clock.getAsLong()),
                List.copyOf(run.getStudy().parameters().keySet()), run.getStudy().scaling(), run.getStudy().cost());
        Path page = render.render(outcome);
        trend.update(page);
        if (registry.remove(run)) {
            run.setPhase(RunPhase.REPORTED);
            store.runFinished(runId, RunPhase.REPORTED, null);
            LOG.info("study {}: report written to {}", run, page);
            run.completion().complete(outcome);
        }
        return page;
    }
}
