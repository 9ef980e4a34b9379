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
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line as main runs it. A setting or option that the command refuses once parsed (an
     * IllegalArgumentException, whose message names it and what it takes) ends the command with that one
     * line and exit code 2, as picocli's own usage errors do, not with a stack trace.
     */
    static CommandLine commandLine() {
        return new CommandLine(new HpcSweep()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (!(e instanceof IllegalArgumentException)) {
                throw e;
            }
            cmd.getErr().println("hpc-sweep " + cmd.getCommandName() + ": " + e.getMessage());
            return 2;
        });
    }
}
