package org.hpcsweep.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The {@code hpc-sweep} command: one sub-command per way of using it. The help and version options are
 * inherited so that {@code run --help} answers usage (exit 0) rather than "Unknown option".
 */
@Command(name = "hpc-sweep", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "hpc-sweep 0.1.0",
        description = "Scaling studies and parameter sweeps on Rescale-compatible HPC platforms.",
        subcommands = {RunCommand.class, ServeCommand.class, CancelCommand.class, PlatformCommand.class, SampleCommand.class})
public final class HpcSweep {

    public static void main(String[] args) {
        System.exit(new CommandLine(new HpcSweep()).execute(args));
    }
}
