package org.hpcsweep.platform;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job's environment, built from nothing: the service's own environment (its API token, the
 * platform key, RESCALE_API_KEY, whatever else it was started with) never reaches a job, which is
 * someone else's code. A job gets a default PATH, its work dir as HOME, a UTF-8 locale, the
 * variables its request asked for, then the ones the platform defines, as Rescale does.
 */
final class JobEnvironment {
    static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private JobEnvironment() {
    }

    static Map<String, String> of(LocalJob job, Path work, String userName, SoftwareCatalogue software) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", DEFAULT_PATH);
        env.put("HOME", work.toAbsolutePath().toString());
        env.put("USER", userName);
        env.put("LOGNAME", userName);
        env.put("LANG", "C.UTF-8");
        // The study's env may set PATH or LANG; the platform's own variables below always win.
        env.putAll(job.env());
        env.put("RESCALE_CORES_PER_SLOT", Integer.toString(job.cores()));
        env.put("NPROCS", Integer.toString(job.cores()));
        software.prepare(job.analysisCode(), env);
        return env;
    }
}
