package org.hpcsweep.slurm;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the body of {@code POST /slurm/VERSION/job/submit} for one job of a study: decides the job
 * ({@link SlurmJob}) and lets the version's {@link SlurmDialect} shape it (a Map, which Jackson
 * marshals); for v0.0.38 {@code {"script": "#!/bin/bash\n<command>\n", "job": {...}}}.
 *
 * <p>Resources: {@code tasks = procs}, one CPU per task, on exactly one node. That gives the job
 * {@code procs} cores of one node for both kinds of code: an MPI launcher (mpirun/srun) sees
 * {@code procs} slots through SLURM_NTASKS / SLURM_TASKS_PER_NODE, and a threaded code runs in the
 * batch step, which owns every CPU the job has on its node (SLURM_CPUS_ON_NODE = procs). The other
 * choice, {@code cpus_per_task = procs} with one task, starves MPI: mpirun and srun would start a
 * single rank. When the site says how many CPUs a node has ({@link SlurmSite#cpusPerNode()}) and
 * {@code procs} is more, the job takes as few nodes as hold it, its tasks spread evenly
 * ({@code tasks_per_node} = procs / nodes, rounded up): only MPI codes scale that way, which is what
 * a study beyond one node measures.
 *
 * <p>The environment is required by every version (v0.0.38 answers 400 "environment must be set"
 * without it); the time limit is in minutes.
 */
public final class SlurmJobRequest {
    /** Output and error of the batch script, in the job's working directory. */
    public static final String OUTPUT_FILE = "process_output.log";

    private final SlurmDialect dialect;
    private final SlurmSite site;
    private final String defaultPath;

    /** @param defaultPath PATH for the batch script when the study sets none: the job gets no other environment. */
    public SlurmJobRequest(SlurmDialect dialect, SlurmSite site, String defaultPath) {
        this.dialect = dialect;
        this.site = site;
        this.defaultPath = defaultPath;
    }

    public SlurmJobRequest(SlurmDialect dialect, SlurmSite site) {
        this(dialect, site, "/usr/local/bin:/usr/bin:/bin");
    }

    /** v0.0.38 and the cluster's defaults: what the tests against the local 22.05 cluster submit. */
    public SlurmJobRequest() {
        this(SlurmDialect.of("v0.0.38"), SlurmSite.DEFAULTS);
    }

    public Map<String, Object> build(String name, int procs, double walltimeHours, Path workDir, String command,
                                     Map<String, String> env) {
        return dialect.submitBody(job(name, procs, walltimeHours, workDir, command, env));
    }

    /** As {@link #build}, with what the study asks of the cluster (its job.slurm) over this site's settings. */
    public Map<String, Object> build(String name, int procs, double walltimeHours, Path workDir, String command,
                                     Map<String, String> env, Map<String, String> study) {
        return new SlurmJobRequest(dialect, site.overriddenBy(study), defaultPath).build(name, procs, walltimeHours, workDir, command, env);
    }

    /** The job, in no version's shape yet. */
    public SlurmJob job(String name, int procs, double walltimeHours, Path workDir, String command, Map<String, String> env) {
        if (procs < 1) {
            throw new IllegalArgumentException("procs must be at least 1, not " + procs);
        }
        if (!workDir.isAbsolute()) {
            // slurmd resolves it on the compute node, where our working directory means nothing.
            throw new IllegalArgumentException("the work dir must be an absolute path on the shared filesystem: " + workDir);
        }
        String dir = workDir.normalize().toString();
        int nodes = site.cpusPerNode() > 0 ? (procs + site.cpusPerNode() - 1) / site.cpusPerNode() : 1;
        int tasksPerNode = nodes > 1 ? (procs + nodes - 1) / nodes : 0;
        return new SlurmJob(name, script(command), dir, dir + "/" + OUTPUT_FILE, environment(env), procs, nodes, tasksPerNode,
                walltimeHours > 0 ? timeLimitMinutes(walltimeHours) : null,
                site.partition(), site.account(), site.qos(), site.constraint());
    }

    /** The job starts with exactly this environment (slurmrestd passes none of its own): PATH first. */
    Map<String, String> environment(Map<String, String> env) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("PATH", defaultPath);
        if (env != null) {
            all.putAll(env);
        }
        return all;
    }

    /** Rounded up, so that a 0.01 h walltime still gets a minute and never less than asked. */
    static long timeLimitMinutes(double walltimeHours) {
        return Math.max(1, (long) Math.ceil(walltimeHours * 60 - 1e-9));
    }

    /** The command verbatim under a bash shebang: the script's exit status is the command's. */
    static String script(String command) {
        return "#!/bin/bash\n" + command.strip() + "\n";
    }
}
