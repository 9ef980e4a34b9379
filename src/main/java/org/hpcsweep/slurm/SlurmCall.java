package org.hpcsweep.slurm;

/**
 * The exchange properties the routes of {@code routes/engine-slurm/10-slurm-calls.yaml} read, by name, so
 * that the flow and the tests spell them one way.
 */
public final class SlurmCall {
    /** The Slurm job id for status and cancel. */
    public static final String JOB_ID = "slurmJobId";
    /** For the job list: ask only for changes since this controller time ({@code update_time}); see {@link SlurmStatusList}. */
    public static final String UPDATE_TIME = "slurmUpdateTime";
    /** What the route is doing, for error messages ("POST /job/submit"); set by the routes themselves. */
    public static final String WHAT = "slurmCall";

    private SlurmCall() {
    }
}
