package org.hpcsweep.flow;

import org.apache.camel.Exchange;
import org.hpcsweep.study.StudyRun;
import org.hpcsweep.study.TrackedJob;

/**
 * The exchange properties that the flow's route files and beans share, each named here once. A route
 * file spells them in {@code ${exchangeProperty.NAME}} and {@code setProperty}; FlowPropertiesTest
 * checks that every name a route uses is declared here or by an engine (PlatformAccount, PagedSearch,
 * SlurmCall), so a misspelt name fails a test instead of reading null.
 */
public final class FlowProperties {
    /** The {@link StudyRun} the exchange works for. */
    public static final String RUN = "run";
    /** Its id: the aggregator's correlation key. */
    public static final String RUN_ID = "runId";
    /** How many jobs the run has: the aggregator's completion size. */
    public static final String JOB_COUNT = "jobCount";
    /** The {@link TrackedJob} being placed, looked at, stopped or collected. */
    public static final String JOB = "job";
    /** The jobs due for a look at this monitor tick. */
    public static final String POLLABLE = "pollable";
    /** The engine's statuses of its unfinished jobs by platform id, or absent when it could not list them. */
    public static final String LISTED = "listed";
    /** The folder a job's result file is written to. */
    public static final String JOB_DIR = "jobDir";
    /** The name of the result file the study collects. */
    public static final String RESULT_FILE_NAME = "resultFileName";
    /** The last lines of a job's own output (or why they could not be fetched), for a job that did not succeed. */
    public static final String LOG_TAIL = "logTail";
    /** The one line that describes a step's failure, for the user. */
    public static final String FAILURE = "failure";
    /** The path of the zip the inbox picked up (the platform calls replace the file headers). */
    public static final String INBOX_ZIP = "inboxZip";
    /** Why the inbox did not take a zip. */
    public static final String REJECTION = "rejection";
    /** The name of the schedule that started a study. */
    public static final String SCHEDULE = "schedule";

    private FlowProperties() {
    }

    /** Sets what every step of a run reads: the run, its id (aggregation key) and job count (completion). */
    public static void enterRun(Exchange exchange, StudyRun run) {
        exchange.setProperty(RUN, run);
        exchange.setProperty(RUN_ID, run.getRunId());
        exchange.setProperty(JOB_COUNT, run.getJobCount());
    }

    public static StudyRun run(Exchange exchange) {
        return exchange.getProperty(RUN, StudyRun.class);
    }

    public static TrackedJob job(Exchange exchange) {
        return exchange.getProperty(JOB, TrackedJob.class);
    }
}
