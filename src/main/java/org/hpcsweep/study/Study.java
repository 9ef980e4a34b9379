package org.hpcsweep.study;

import java.util.List;
import java.util.Map;

/**
 * A study as its study file declares it: what to run for which processor counts (and other
 * parameters), what to collect, and which charts to draw.
 *
 * @param name       study name, also the name of its output folder
 * @param processors processor counts, one job per count (per point of the matrix)
 * @param parameters further matrix dimensions: each name with its values; the matrix is their
 *                   cross product with {@code processors}
 * @param job        how each job is built
 * @param collect    which result file to read and how
 * @param charts     charts to draw: any of {@code speedup}, {@code efficiency}, {@code comptime}
 * @param deadline   hours the whole study may take from its start; jobs still running then are
 *                   stopped and recorded as timed out. 0 for none.
 * @param repeats    how many times each point of the matrix runs, each as its own job (at least 1)
 * @param scaling    strong (a fixed problem) or weak (the problem grows with the processors)
 * @param cost       what a core-hour costs, or null when the study does not say
 */
public record Study(String name, List<Integer> processors, Map<String, List<String>> parameters,
                    JobTemplate job, ResultFile collect, List<String> charts, double deadline, int repeats,
                    Scaling scaling, CostRate cost) {

    public static final List<String> ALL_CHARTS = List.of("speedup", "efficiency", "comptime");
}
