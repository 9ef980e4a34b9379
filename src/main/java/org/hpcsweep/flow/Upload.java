package org.hpcsweep.flow;

import org.apache.camel.Exchange;
import org.hpcsweep.engine.StepErrors;
import org.hpcsweep.study.RunPhase;
import org.hpcsweep.study.StudyRun;
import org.hpcsweep.study.StudyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 2, upload (routes/flow/20-upload.yaml): the study's input is staged on the engine once; a run
 * whose input cannot be staged is abandoned, saying why.
 */
public final class Upload {
    private static final Logger LOG = LoggerFactory.getLogger("hpcsweep.study");
    private final RunRegistry registry;
    private final StudyStore store;
    private final StepErrors errors;

    Upload(RunRegistry registry, StudyStore store, StepErrors errors) {
        this.registry = registry;
        this.store = store;
        this.errors = errors;
    }

    /** The engine holds the input as {@code fileId} (Rescale: a file id; Slurm: its path on the cluster). */
    public void uploaded(StudyRun run, String fileId) {
        run.setInputFileId(fileId);
        run.setPhase(RunPhase.UPLOADED);
        store.runPhase(run.getRunId(), RunPhase.UPLOADED, fileId);
        LOG.info("study {}: input {} uploaded as file {}", run, run.getZip().getFileName(), fileId);
    }

    /**
     * The upload failed for good (after its retries): the run is abandoned, recorded with the reason,
     * and whoever waits on it is told; the caller then fails with that reason.
     */
    public void failed(Exchange exchange) {
        StudyRun run = FlowProperties.run(exchange);
        String why = errors.describe(exchange);
        registry.remove(run);
        run.setPhase(RunPhase.ABANDONED);
        store.runFinished(run.getRunId(), RunPhase.ABANDONED, why);
        LOG.error("study {}: abandoned: {}", run, why);
        run.completion().completeExceptionally(new IllegalStateException(why));
        throw new IllegalStateException("upload failed: " + why);
    }
}
