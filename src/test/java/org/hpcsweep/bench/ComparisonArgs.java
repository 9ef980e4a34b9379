package org.hpcsweep.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The leading arguments of the tutorial comparisons ({@link ReferenceBench}, figures 2–2f, and {@link SlurmBench},
 * figure 2g): {@code <out.md> <workdir> <reps> <poll seconds> <jobs> <job seconds> <config,...>}. One parser, so that
 * bench/run passes both the same way and a figure's arguments mean the same in each. What follows them is each
 * bench's own ({@link #rest()}).
 *
 * @param pollSeconds the tutorial's poll interval
 * @param configs settings sets (OverheadBench's names, {@code -Dbench.config.NAME} included), each maybe with a suffix
 *     ({@code +rerun}, {@code +hint}) that the bench reads
 */
record ComparisonArgs(Path out, Path work, int reps, long pollSeconds, int jobs, int jobSeconds, List<String> configs,
                      List<String> rest) {
    static final int LEADING = 7;

    static ComparisonArgs parse(String[] args) {
        if (args.length < LEADING) {
            throw new IllegalArgumentException("expected <out.md> <workdir> <reps> <poll seconds> <jobs> <job seconds> <config,...>"
                    + " before any other argument; got " + Arrays.toString(args));
        }
        return new ComparisonArgs(Path.of(args[0]), Path.of(args[1]).toAbsolutePath(), Integer.parseInt(args[2]),
                Long.parseLong(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]), List.of(args[6].split(",")),
                List.of(args).subList(LEADING, args.length));
    }

    /** The {@code i}-th argument after the leading ones, or {@code fallback} when not given. */
    String optional(int i, String fallback) {
        return i < rest.size() ? rest.get(i) : fallback;
    }
}
