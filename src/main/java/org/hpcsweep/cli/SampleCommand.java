package org.hpcsweep.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hpcsweep.sampler.SamplingMethod;
import org.hpcsweep.sampler.SamplingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hpc-sweep sample}: the constrained sampler, same arguments as {@code SamplerMain}. */
@Command(name = "sample",
        description = "Draw n distinct points uniformly from the unit hypercube under the constraints of a "
                + "Citrine constraint file; writes the points and comp_time.log (<P> <seconds>) in the current directory.")
public final class SampleCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<input>", description = "Constraint file (Citrine format).")
    Path input;

    @Parameters(index = "1", paramLabel = "<output>", description = "Output file: one point per line.")
    Path output;

    @Parameters(index = "2", paramLabel = "<n>", description = "Number of points.")
    int n;

    @Parameters(index = "3", arity = "0..1", paramLabel = "<method>", defaultValue = "SMC",
            description = "SMC (default), Metropolis, AdaptiveMetropolis or Gibbs.")
    String method;

    @Option(names = "--procs", defaultValue = "1", description = "Worker threads P (default 1).")
    int procs;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed; same seed and P give the same points.")
    long seed;

    @Override
    public Integer call() {
        SamplingMethod m = SamplingMethod.parse(method);
        if (m == null) {
            System.err.println("error: unknown method '" + method + "' (SMC, Metropolis, AdaptiveMetropolis, Gibbs)");
            return SamplingRun.USAGE;
        }
        return SamplingRun.execute(input, output, n, m, procs, seed, Path.of("").toAbsolutePath(), System.out, System.err);
    }
}
