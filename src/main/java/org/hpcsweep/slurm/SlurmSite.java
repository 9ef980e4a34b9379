package org.hpcsweep.slurm;

/**
 * What a cluster asks of every job this service submits (hpcsweep.slurm.partition, account, qos,
 * constraint; empty = the cluster's default) and how many CPUs one of its nodes has
 * (hpcsweep.slurm.cpus-per-node; 0 = unknown, every job on one node).
 */
public record SlurmSite(String partition, String account, String qos, String constraint, int cpusPerNode) {
    public static final SlurmSite DEFAULTS = new SlurmSite("", "", "", "", 0);

    public SlurmSite {
        partition = clean(partition);
        account = clean(account);
        qos = clean(qos);
        constraint = clean(constraint);
        if (cpusPerNode < 0) {
            throw new IllegalArgumentException("hpcsweep.slurm.cpus-per-node must be 0 (one node) or more, not " + cpusPerNode);
        }
    }

    /** This site with what a study asks instead (its job.slurm: partition, account, qos, constraint), where it asks. */
    public SlurmSite overriddenBy(java.util.Map<String, String> study) {
        return new SlurmSite(study.getOrDefault("partition", partition), study.getOrDefault("account", account),
                study.getOrDefault("qos", qos), study.getOrDefault("constraint", constraint), cpusPerNode);
    }

    private static String clean(String value) {
        return value == null ? "" : value.strip();
    }
}
