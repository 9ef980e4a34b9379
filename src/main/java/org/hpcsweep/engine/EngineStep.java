package org.hpcsweep.engine;

/**
 * The engine contract: the steps the flow (routes/flow/) asks of an engine, each a {@code direct:}
 * endpoint that every engine's routes (routes/engine-NAME/) consume as
 * {@code direct:NAME-STEP}. This enum is the list of those endpoints; EngineContractTest holds
 * every engine to it, and the flow to calling nothing else.
 *
 * <p>An engine reads what a step takes from exchange properties the flow has set: {@code run} (the
 * {@code StudyRun}), {@code job} (the {@code TrackedJob}), and for the fetch {@code jobDir} and
 * {@code resultFileName}. It answers in the message body. A failure is an exception its
 * {@link EngineErrors} can classify; the flow decides what to retry (routes/errors/step-errors.yaml).
 */
public enum EngineStep {
    /**
     * Puts the study's input where its jobs can take it, once per run. Takes {@code run} (its zip:
     * {@code run.zip}). Answers the staged input's id as a String (Rescale: the uploaded file's id;
     * Slurm: the zip's path on the shared filesystem), which the flow records as
     * {@code run.inputFileId} for {@link #PLACE}. Retried on transient failures: must be safe to repeat.
     */
    STAGE("stage"),
    /**
     * Creates and submits one job exactly once. Takes {@code run} and {@code job}; records each call as
     * under way and done through the bean {@code placement} ({@code creating}, {@code created},
     * {@code submitting}, {@code submitted}; {@code adopted}) so that a retry or a resume reconciles with the engine
     * (was it created? submitted?) before it calls again. Answers nothing the flow reads.
     */
    PLACE("place"),
    /**
     * Optional in substance: the statuses of all the engine's unfinished jobs in one go. Takes
     * {@code pollable} (the jobs due for a look; an engine may list more). Answers a
     * {@code Map<String, ObservedStatus>} by platform job id; a job missing from it is asked on its own
     * ({@link #JOB_STATUS}). An engine without a bulk listing answers an empty map, and then every
     * job is asked on its own (Slurm lists with one {@code GET /jobs}: {@code SlurmStatusList}).
     */
    LIST_STATUSES("list-statuses"),
    /** Takes {@code job} (its {@code platformId}). Answers the job's {@code ObservedStatus}. */
    JOB_STATUS("job-status"),
    /**
     * Copies a finished job's result file into the run's folder. Takes {@code run}, {@code job},
     * {@code jobDir} (the folder to write to) and {@code resultFileName}; writes
     * {@code jobDir/resultFileName}, and fails when the job left no such file. Answers nothing the
     * flow reads. Safe to repeat; a failure that may pass puts the fetch off until later.
     */
    FETCH_RESULT("fetch-result"),
    /**
     * Copies a job that did not succeed's own output (its stdout and stderr: Rescale's
     * {@code process_output.log}, the Slurm job's output file) whole into {@code jobDir}, so that the
     * report can show why it failed. Takes {@code run}, {@code job} and {@code jobDir}; answers the
     * file's name in {@code jobDir}. Fails when the job left no output; the flow then says so.
     */
    FETCH_LOG("fetch-log"),
    /** Stops a job. Takes {@code job} (its {@code platformId}). Safe to repeat. Answers nothing the flow reads. */
    STOP_JOB("job-stop");

    private final String name;

    EngineStep(String name) {
        this.name = name;
    }

    /** The step's part of the endpoint's name: {@code job-status}. */
    public String stepName() {
        return name;
    }

    /** The endpoint engine {@code engineName} implements this step at: {@code direct:slurm-job-status}. */
    public String endpoint(String engineName) {
        return "direct:" + engineName + "-" + name;
    }

    /** The step whose part of an endpoint's name is {@code stepName}, or null when no step is called so. */
    public static EngineStep named(String stepName) {
        for (EngineStep step : values()) {
            if (step.name.equals(stepName)) {
                return step;
            }
        }
        return null;
    }
}
