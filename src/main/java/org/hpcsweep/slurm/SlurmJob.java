package org.hpcsweep.slurm;

import java.util.Map;

/**
 * One batch job as hpc-sweep means it, before any slurmrestd version has shaped it: what
 * {@link SlurmJobRequest} decides (resources, directory, environment, cluster settings) and what a
 * {@link SlurmDialect} turns into the submit body of its version.
 *
 * @param tasks            the study's processor count: one task per processor, one CPU per task
 * @param nodes            exactly this many nodes (1 unless the job needs more CPUs than a node has)
 * @param tasksPerNode     at most this many tasks on a node; 0 leaves it to Slurm (single node)
 * @param timeLimitMinutes the job's time limit, or null for the partition's default
 * @param partition        empty strings leave the cluster's default (also account, qos, constraint)
 */
public record SlurmJob(String name, String script, String workDir, String outputFile, Map<String, String> environment,
                       int tasks, int nodes, int tasksPerNode, Long timeLimitMinutes,
                       String partition, String account, String qos, String constraint) {
    public SlurmJob {
        // In order (PATH first), as the job's environment list shows it.
        environment = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environment));
    }
}
