package org.hpcsweep.platform;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job's environment, built from nothing: the service's own environment (its API token, the
 * platform key, RESCALE_API_KEY, whatever else it was started with) never reaches a job, which is
 * someone else's code. A job gets a default PATH, its work dir as HOME, a UTF-8 locale, the
 * variables its request asked for, its software's (from the catalogue), then the ones the platform
 * defines, as Rescale does. A job with {@code useMpi} also gets what Rescale's MPI environment gives:
 * a host file and Open MPI defaults under which a plain {@code mpirun -np N} runs as the job's user.
 */
final class JobEnvironment {
    static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
    /** Rescale's host file, in HOME: {@code mpirun} reads it through OMPI_MCA_orte_default_hostfile. */
    static final String MACHINEFILE = "machinefile";

    private JobEnvironment() {
    }

    static Map<String, String> of(LocalJob job, Path work, String userName, SoftwareCatalogue software) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", DEFAULT_PATH);
        env.put("HOME", work.toAbsolutePath().toString());
        env.put("USER", userName);
        env.put("LOGNAME", userName);
        env.put("LANG", "C.UTF-8");
        if (job.useMpi()) {
            mpiDefaults(env, work);
        }
        // The study's env may set PATH, LANG or an OMPI_MCA_ default; the platform's own variables below always win.
        env.putAll(job.env());
        software.prepare(job.analysisCode(), job.analysisVersion(), env, job.env());
        // One node holds every slot here: a slot's cores are the node's.
        env.put("RESCALE_CORES_PER_SLOT", Integer.toString(job.coresPerSlot()));
        env.put("RESCALE_NODES_PER_SLOT", "1");
        env.put("RESCALE_CORES_PER_NODE", Integer.toString(job.coresPerSlot()));
        env.put("NPROCS", Integer.toString(job.cores()));
        return env;
    }

    /**
     * Open MPI as Rescale's images set it up, so that the tutorial's {@code mpirun -np N python3 ...}
     * needs no flags: the host file by default, more ranks than slots allowed (an oversubscribed job,
     * or a study that runs more ranks than the cores it asked for), and no single-copy (CMA) transfers,
     * which need ptrace rights that containers and the job user's no-new-privs setting deny.
     */
    private static void mpiDefaults(Map<String, String> env, Path work) {
        env.put("OMPI_MCA_orte_default_hostfile", work.resolve(MACHINEFILE).toAbsolutePath().toString());
        env.put("OMPI_MCA_rmaps_base_oversubscribe", "1");
        env.put("OMPI_MCA_btl_vader_single_copy_mechanism", "none");
        env.put("OMPI_MCA_btl", "self,vader");
    }

    /** The host file's text: this machine, with all the job's cores as slots. */
    static String machinefile(LocalJob job) {
        return "localhost slots=" + job.cores() + "\n";
    }
}
