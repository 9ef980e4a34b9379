package org.hpcsweep.study;

import java.util.Map;

/**
 * How each job of a study is built. Text fields may hold placeholders such as {@code {procs}}
 * that are filled per matrix point.
 *
 * @param name     job name on the platform, e.g. {@code "Sampling {procs}"}
 * @param command  the shell command the job runs in its work dir
 * @param analysis the platform's software code (e.g. {@code shell}, {@code hpc-sweep-smc}, {@code anaconda})
 * @param version  that software's version
 * @param coreType the platform's core type code (e.g. {@code local}, {@code hpc-3})
 * @param slots    slots per job (cores per slot is the processor count)
 * @param walltime hours the platform may run a job before stopping it
 * @param useMpi   whether the platform should launch the command through MPI
 * @param env      environment variables for the command
 * @param retries  how often a job that failed on the platform is created and submitted again (0: never);
 *                 each try is a new platform job, so only failures that a new try may mend are worth it
 * @param rawPlaceholders whether values go into {@code command} as they are (shell syntax in them runs);
 *                 by default each is quoted for the shell
 * @param slurm    what a Slurm cluster needs of these jobs ({@code partition}, {@code account}, {@code qos},
 *                 {@code constraint}), over the service's hpcsweep.slurm.* settings; other engines ignore it
 * @param expectedRunMillis how long a job is expected to run (the study file's {@code expectedRuntime}), 0 when not
 *                 given: when a first run's jobs are looked at to see them end
 */
public record JobTemplate(String name, String command, String analysis, String version, String coreType,
                          int slots, double walltime, boolean useMpi, Map<String, String> env, int retries,
                          boolean rawPlaceholders, Map<String, String> slurm, long expectedRunMillis) {
}
