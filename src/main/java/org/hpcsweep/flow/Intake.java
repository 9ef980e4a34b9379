package org.hpcsweep.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.hpcsweep.study.StoredRuns;
import org.hpcsweep.study.Study;
import org.hpcsweep.study.StudyFile;
import org.hpcsweep.study.StudyInput;
import org.hpcsweep.study.StudyInputException;
import org.hpcsweep.study.StudyPlan;
import org.hpcsweep.study.StudyRun;
import org.hpcsweep.study.StudyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 1, intake (routes/flow/10-intake.yaml): an input zip becomes a registered and recorded
 * {@link StudyRun}, or fails with an error that says what is wrong with the zip or its study file.
 * Nothing is uploaded before this passes.
 */
public final class Intake {
    private static final Logger LOG = LoggerFactory.getLogger("hpcsweep.study");
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final RunRegistry registry;
    private final StudyStore store;
    private final StoredRuns storedRuns;
    private final FlowSettings settings;

    Intake(RunRegistry registry, StudyStore store, StoredRuns storedRuns, FlowSettings settings) {
        this.registry = registry;
        this.store = store;
        this.storedRuns = storedRuns;
        this.settings = settings;
    }

    /** The zip in the body (a file) becomes a run: the body and the run's properties are set to it. */
    public StudyRun open(Exchange exchange) throws InvalidPayloadException {
        Path zip = exchange.getMessage().getMandatoryBody(java.io.File.class).toPath().toAbsolutePath();
        String text = StudyInput.studyFileText(zip);
        String inboxKey = exchange.getMessage().getHeader(Inbox.CHECKSUM_HEADER, String.class);
        StudyRun run = start(StudyFile.parse(text, StudyInput.studyFileName(zip), settings.engine()), text, zip, inboxKey);
        FlowProperties.enterRun(exchange, run);
        return run;
    }

    /** Registers and records a new run of {@code study}; its output goes to {@code <output>/<study>/<run id>/}. */
    public StudyRun start(Study study, String studyFileText, Path zip) {
        return start(study, studyFileText, zip, null);
    }

    /** As {@link #start(Study, String, Path)}, for a zip the inbox took under {@code inboxKey}: the run's record marks it taken. */
    StudyRun start(Study study, String studyFileText, Path zip, String inboxKey) {
        // Counted before a job is made: a matrix of millions would exhaust the heap, and every timer with it.
        if (StudyPlan.jobCount(study) > settings.maxJobs()) {
            throw new StudyInputException(StudyInput.studyFileName(zip) + ": the matrix has " + StudyPlan.describeSize(study)
                    + " jobs; at most " + String.format(java.util.Locale.ROOT, "%,d", settings.maxJobs()) + " (hpcsweep.study.max-jobs)");
        }
        Instant now = Instant.ofEpochMilli(settings.clock().getAsLong());
        String runId = RUN_ID.format(now) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        Path kept = keep(zip, runId);
        StudyRun run = new StudyRun(runId, study, studyFileText, kept, settings.output().resolve(study.name()).resolve(runId), now);
        Map<String, Long> lastRunMillis = storedRuns.lastRunMillis(study.name(), settings.platformScope(), runId);
        run.setLastRunMillis(lastRunMillis);
        store.runStarted(run, StudyInput.studyFileName(zip), StudyInput.checksum(zip), settings.platformUrl(), settings.platformScope(), inboxKey);
        registry.add(run);
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
            Path dir = Files.createDirectories(settings.inputs().resolve(runId));
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
}
