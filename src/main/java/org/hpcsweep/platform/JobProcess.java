package org.hpcsweep.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a job's command is started and killed. It runs as its {@link JobUser} in a clean
 * {@link JobEnvironment}, optionally in a network of its own, under a small wrapper that runs as the
 * platform's user, outside the job user's reach (in a session of its own when jobs outlive the platform's
 * stop): the wrapper waits for the command, then kills what it
 * left (its process group, since it ran in a session of its own, or, for a job user of its own, every
 * process of that user: {@code kill -1} as that user, done by the kernel in one pass with no look
 * through /proc), then writes the exit code into {@link #EXIT_FILE} beside the work dir. Wrapper and job run
 * at {@link #NICENESS}, below the platform. A platform
 * started after this one died waits for the wrapper's pid and reads that code (JobRecovery).
 */
final class JobProcess {
    /** Written by the job's wrapper when its command ends: the exit code, read by a platform that re-adopted the job. */
    static final String EXIT_FILE = "exit";
    private static final Logger LOG = LoggerFactory.getLogger(JobProcess.class);
    /** Arguments: exit file, session (yes/no), setpriv, uid, gid (blank: no user to sweep), then the command. */
    private static final String WRAPPER = "exit_file=$1; session=$2; setpriv=$3; uid=$4; gid=$5; shift 5; "
            + "if [ \"$session\" = yes ]; then setsid \"$@\" & else \"$@\" & fi; job=$!; wait $job; s=$?; "
            + "if [ \"$session\" = yes ]; then kill -KILL -- -$job 2>/dev/null; fi; "
            + "if [ -n \"$setpriv\" ]; then \"$setpriv\" --reuid=\"$uid\" --regid=\"$gid\" --clear-groups --no-new-privs -- "
            + "/bin/sh -c 'kill -KILL -1 2>/dev/null; kill -KILL -1 2>/dev/null; exit 0'; fi; "
            + "echo $s > \"$exit_file\"; exit $s";

    /**
     * util-linux's setsid, which starts the wrapper in a session of its own (same pid: it is not a group
     * leader), so that a Ctrl-C or hang-up meant for the platform's terminal does not reach jobs the
     * platform leaves running at its stop (LocalPlatformSettings.jobsAtStop). Only then: a platform that
     * stops its jobs kills them itself anyway, and the extra program start is CPU in every job's start
     * (figure 1's 1,000-job submit phase runs them on the same cores). Null: not installed.
     */
    private static final String SETSID = JobUser.program("setsid");
    /**
     * coreutils' nice, which starts the wrapper (and so the job, which cannot undo it: lowering a nice value
     * takes a privilege the job user does not have) at {@link #NICENESS}. Null: not installed, jobs run at
     * the platform's priority.
     */
    private static final String NICE = JobUser.program("nice");
    /**
     * Jobs yield the CPU to the platform and the service on the same machine: placement, status answers and
     * result collection are short and wait on them, while a job's CPU time is the same whenever it gets it.
     * Measured on figure 1's 1,000-job study (bench/ANALYSIS.md, "The 1,000-job submit phase").
     */
    static final int NICENESS = 10;

    private final JobUsers users;
    private final SoftwareCatalogue software;
    /** The command that gives a job a network of its own with only a loopback; empty: this machine's network. */
    private final List<String> network;
    /** Wrappers start in a session of their own (jobs are left running at the platform's stop). */
    private final boolean ownSession;

    JobProcess(JobUsers users, SoftwareCatalogue software, List<String> network, boolean ownSession) {
        this.users = users;
        this.software = software;
        this.network = List.copyOf(network);
        this.ownSession = ownSession;
    }

    /**
     * The prefix that runs a job in a network namespace of its own ({@code unshare --net}, as root, before
     * the user switch) with its loopback up: Open MPI within the job still works, nothing outside
     * (the platform's port, other local services, the internet) is reachable.
     */
    static List<String> ownNetwork() throws IOException, InterruptedException {
        String unshare = JobUser.program("unshare");
        String ip = JobUser.program("ip");
        if (!JobUser.platformIsRoot() || unshare == null || ip == null) {
            throw new IllegalStateException("hpcsweep.platform.local.network = none needs the platform to run as root with unshare "
                    + "(util-linux) and ip (iproute2) installed; use host");
        }
        return List.of(unshare, "--net", "--", "/bin/sh", "-c", "\"$0\" link set lo up && exec \"$@\"", ip);
    }

    /** Starts the job's command in {@code work} as {@code user}, its output into {@code log}; its old exit code removed first. */
    Process start(LocalJob job, JobUser user, Path work, Path log) throws IOException {
        Path exitFile = job.dir().resolve(EXIT_FILE);
        Files.deleteIfExists(exitFile);
        List<String> command = new ArrayList<>();
        if (NICE != null) {
            command.addAll(List.of(NICE, "-n", Integer.toString(NICENESS)));
        }
        if (ownSession && SETSID != null) {
            command.add(SETSID);
        }
        command.addAll(List.of("/bin/sh", "-c", WRAPPER, "hpc-sweep-job", exitFile.toString()));
        command.addAll(users.perJob() ? List.of("no", user.setprivPath(), Long.toString(user.uid()), Long.toString(user.gid()))
                : List.of("yes", "", "", ""));
        command.addAll(network);
        command.addAll(user.command(job.command()));
        // The platform opens the log and changes into the work dir before the user switch.
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(JobEnvironment.of(job, work, user.name(), software));
        return builder.start();
    }

    /** Whether the job's wrapper wrote its exit code (it then swept the job's user itself). */
    static boolean exited(LocalJob job) {
        return Files.isRegularFile(job.dir().resolve(EXIT_FILE));
    }

    /** The exit code the job's wrapper wrote; {@code null} when there is none or it cannot be read. */
    static Integer exitCode(LocalJob job) {
        try {
            return Integer.parseInt(Files.readString(job.dir().resolve(EXIT_FILE)).strip());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /**
     * Kills a job's wrapper and everything under it, its session's process group included (children
     * the job left behind in the background are no longer its descendants).
     */
    static void killTree(ProcessHandle wrapper) {
        wrapper.children().forEach(session -> {
            try {
                new ProcessBuilder("kill", "-KILL", "--", "-" + session.pid()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                LOG.warn("process group {} not killed: {}", session.pid(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        wrapper.descendants().forEach(ProcessHandle::destroyForcibly);
        wrapper.destroyForcibly();
    }
}
