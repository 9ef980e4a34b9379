package org.hpcsweep.study;

import java.util.Map;
import java.util.TreeMap;

/**
 * One job of a study, with every placeholder filled: what the splitter emits per matrix point.
 *
 * @param index   position in the run's list of jobs (0-based), stable across restarts
 * @param procs   processor count (cores per slot)
 * @param point   the matrix point: {@code procs} and every other parameter, by name
 * @param name    job name on the platform
 * @param command the shell command
 * @param env     environment variables for the command
 * @param repeat  which run of its point this job is, 1 to the study's {@code repeats}
 */
public record JobSpec(int index, int procs, Map<String, String> point, String name, String command,
                      Map<String, String> env, int repeat) {

    /**
     * The matrix point as one string, the same for the same point whatever the order of the study
     * file's parameters (e.g. {@code {n=5000, procs=2}}): how a later run of the study finds this job.
     */
    public String pointKey() {
        return new TreeMap<>(point).toString();
    }
}
