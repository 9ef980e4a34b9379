package org.hpcsweep.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hpcsweep.files.SafeUnzip;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job for real: copies (and unzips) its inputs into its work dir, runs its command with
 * bash there, stdout and stderr into {@code process_output.log}, enforces its walltime, and lists
 * what it wrote as output files. Ends it {@code Completed} with Rescale's reasons. The command is
 * someone else's code: it runs as a {@link JobUser} (one of its own when the platform is root, see
 * {@link JobUsers}) in a clean {@link JobEnvironment}, under a wrapper that sweeps what it leaves and
 * writes its exit code, so that a platform started after this one died can re-adopt it (JobRecovery).
 */
final class JobRunner {
    static final String SUCCESS = "Completed successfully";
    static final String RUN_FAILED = "A run failed";
    static final String STOPPED = "Job was stopped by user";
    static final String WALLTIME = "Exceeded walltime";
    static final String PROCESS_OUTPUT = "process_output.log";
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    /** The platform stopped while the job ran (it kills its jobs when it stops). */
    static final String PLATFORM_STOPPED = "The platform stopped while this job ran";
    /** The platform died while the job ran, and the job's process did not outlive it. */
    static final String PLATFORM_RESTARTED = "The platform restarted while this job ran; the job's process had ended without an exit code";
    /** Written by the job's wrapper when its command ends: the exit code, read by a platform that re-adopted the job. */
    static final String EXIT_FILE = "exit";
    /** The staged inputs (relative to the work dir), which are not outputs. */
    static final String STAGED_FILE = "staged";
    /**
     * Runs the job's command and waits for it; then kills what it left: its process group (it ran in a
     * session of its own) or, for a job user of its own, every process of that user ({@code kill -1}
     * as that user, done by the kernel in one pass: no look through /proc); then writes the exit code
     * beside the work dir. It runs as the platform's user, outside the job user's reach; its pid is kept
     * while it runs, so that a platform started after this one died can wait for it and read the code
     * (JobRecovery). Arguments: exit file, session (yes/no), setpriv, uid, gid (blank: no user to sweep), the command.
     */
    private static final String WRAPPER = "exit_file=$1; session=$2; setpriv=$3; uid=$4; gid=$5; shift 5; "
            + "if [ \"$session\" = yes ]; then setsid \"$@\" & else \"$@\" & fi; job=$!; wait $job; s=$?; "
            + "if [ \"$session\" = yes ]; then kill -KILL -- -$job 2>/dev/null; fi; "
            + "if [ -n \"$setpriv\" ]; then \"$setpriv\" --reuid=\"$uid\" --regid=\"$gid\" --clear-groups --no-new-privs -- "
            + "/bin/sh -c 'kill -KILL -1 2>/dev/null; kill -KILL -1 2>/dev/null; exit 0'; fi; "
            + "echo $s > \"$exit_file\"; exit $s";

    private final FileStore files;
    private final SoftwareCatalogue software;
    private final JobUsers users;
    private final Map<String, ProcessHandle> running = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean closing;

    /** The command that gives a job a network of its own with only a loopback; empty: this machine's network. */
    private final List<String> network;

    JobRunner(FileStore files, SoftwareCatalogue software, JobUsers users, List<String> network) {
        this.files = files;
        this.software = software;
        this.users = users;
        this.network = List.copyOf(network);
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

    void run(LocalJob job) {
        if (closing) {
            // Stays Queued: a platform started on this data dir runs it (JobRecovery).
            return;
        }
        if (job.isStopRequested()) {
            job.status(LocalJob.COMPLETED, STOPPED);
            return;
        }
        job.status(LocalJob.STARTED, null);
        Path work = job.dir().resolve("work");
        Path log = job.dir().resolve(PROCESS_OUTPUT);
        String reason;
        Set<Path> inputs = new HashSet<>();
        JobUser user = null;
        try {
            user = users.take(null);
            job.user(user.name());
            PlatformDirs.jobDir(job.dir());
            Files.createDirectories(work);
            inputs.addAll(stageInputs(job, work));
            if (job.useMpi()) {
                // Rescale's $HOME/machinefile; the platform's, not an output.
                Path machinefile = work.resolve(JobEnvironment.MACHINEFILE);
                Files.writeString(machinefile, JobEnvironment.machinefile(job));
                inputs.add(machinefile);
            }
            Files.write(job.dir().resolve(STAGED_FILE), inputs.stream().map(p -> work.relativize(p).toString()).toList());
            user.handOver(work);
            if (job.isStopRequested()) {
                // Stopped while its inputs were staged: it never starts (a stop after this check is met in execute).
                reason = STOPPED;
            } else {
                job.status(LocalJob.VALIDATED, null);
                job.status(LocalJob.EXECUTING, null);
                reason = execute(job, user, work, log);
            }
        } catch (IOException e) {
            reason = RUN_FAILED;
            appendLog(log, "hpc-sweep local platform: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = closing ? PLATFORM_STOPPED : STOPPED;
        }
        finish(job, user, inputs, reason);
    }

    /**
     * Waits for a job an earlier run of the platform started and that still runs ({@code process}, its
     * wrapper), within what is left of its walltime, then ends it as if this platform had run it.
     */
    void resume(LocalJob job, ProcessHandle process) {
        JobUser user = null;
        String reason;
        try {
            user = users.take(job.user());
            running.put(job.id(), process);
            Path pidFile = job.dir().resolve(Orphans.PID_FILE);
            try {
                java.time.Instant since = job.firstTime(LocalJob.EXECUTING);
                long left = (long) (job.walltimeHours() * 3_600_000)
                        - (since == null ? 0 : java.time.Duration.between(since, java.time.Instant.now()).toMillis());
                if (job.isStopRequested()) {
                    killTree(process);
                }
                try {
                    process.onExit().get(Math.max(0, left), TimeUnit.MILLISECONDS);
                    reason = ended(job);
                } catch (java.util.concurrent.TimeoutException e) {
                    killTree(process);
                    appendLog(job.dir().resolve(PROCESS_OUTPUT), "hpc-sweep local platform: walltime of " + job.walltimeHours()
                            + " h exceeded; job killed");
                    reason = WALLTIME;
                } catch (java.util.concurrent.ExecutionException e) {
                    reason = ended(job);
                }
            } finally {
                running.remove(job.id());
                Files.deleteIfExists(pidFile);
            }
        } catch (IOException e) {
            LOG.warn("job {}: not re-adopted: {}", job.id(), e.getMessage());
            reason = RUN_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killTree(process);
            reason = closing ? PLATFORM_STOPPED : STOPPED;
        }
        finish(job, user, staged(job), reason);
    }

    /** Ends a job an earlier run of the platform started and whose process is gone: by its exit code if its wrapper wrote one. */
    void settle(LocalJob job) {
        JobUser user = null;
        try {
            user = users.take(job.user());
        } catch (IOException e) {
            LOG.warn("job {}: its user {} not taken back: {}", job.id(), job.user(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(job.dir().resolve(Orphans.PID_FILE));
        } catch (IOException e) {
            LOG.warn("job {}: pid file left: {}", job.id(), e.getMessage());
        }
        finish(job, user, staged(job), Files.isRegularFile(job.dir().resolve(EXIT_FILE)) ? ended(job) : PLATFORM_RESTARTED);
    }

    /** The reason for the exit code the job's wrapper wrote. */
    private static String ended(LocalJob job) {
        try {
            return Integer.parseInt(Files.readString(job.dir().resolve(EXIT_FILE)).strip()) == 0 ? SUCCESS : RUN_FAILED;
        } catch (IOException | NumberFormatException e) {
            return PLATFORM_RESTARTED;
        }
    }

    private Set<Path> staged(LocalJob job) {
        Path work = job.dir().resolve("work");
        try {
            return Files.readAllLines(job.dir().resolve(STAGED_FILE)).stream().map(work::resolve).collect(java.util.stream.Collectors.toSet());
        } catch (IOException e) {
            return Set.of();
        }
    }

    /** Every job ends here: its user's leftovers killed, its work dir taken back, its outputs listed, its status Completed. */
    private void finish(LocalJob job, JobUser user, Set<Path> inputs, String reason) {
        Path work = job.dir().resolve("work");
        Path log = job.dir().resolve(PROCESS_OUTPUT);
        if (user != null) {
            // A wrapper that wrote the exit code swept the user itself; else (killed, or never started) it is done here.
            users.giveBack(user, Files.isRegularFile(job.dir().resolve(EXIT_FILE)));
            try {
                user.takeBack(work);
            } catch (IOException e) {
                LOG.warn("job {}: work dir not taken back from {}: {}", job.id(), user.name(), e.getMessage());
            }
        }
        try {
            job.outputs(collectOutputs(work, log, inputs));
        } catch (IOException e) {
            LOG.warn("job {}: outputs not listed: {}", job.id(), e.getMessage());
        }
        if (job.isStopRequested() && !reason.equals(WALLTIME)) {
            reason = STOPPED;
        }
        job.status(LocalJob.COMPLETED, reason);
    }

    private List<Path> stageInputs(LocalJob job, Path work) throws IOException {
        List<Path> staged = new ArrayList<>();
        for (LocalJob.Input input : job.inputs()) {
            StoredFile file = files.find(input.fileId()).orElseThrow(() -> new IOException("input file " + input.fileId() + " is gone"));
            if (input.decompress() && file.name().toLowerCase().endsWith(".zip")) {
                staged.addAll(SafeUnzip.unpack(file.path(), work));
            } else {
                Path target = work.resolve(file.name());
                Files.copy(file.path(), target, StandardCopyOption.REPLACE_EXISTING);
                staged.add(target);
            }
        }
        return staged;
    }

    private String execute(LocalJob job, JobUser user, Path work, Path log) throws IOException, InterruptedException {
        Path exitFile = job.dir().resolve(EXIT_FILE);
        Files.deleteIfExists(exitFile);
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", WRAPPER, "hpc-sweep-job", exitFile.toString()));
        command.addAll(users.perJob() ? List.of("no", user.setprivPath(), Long.toString(user.uid()), Long.toString(user.gid()))
                : List.of("yes", "", "", ""));
        command.addAll(network);
        command.addAll(user.command(job.command()));
        // The platform opens the log and changes into the work dir before the user switch.
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(JobEnvironment.of(job, work, user.name(), software));
        Process process = builder.start();
        running.put(job.id(), process.toHandle());
        // Kept while it runs, so that a platform started after this one died can wait for it (JobRecovery) or stop it (Orphans).
        Path pidFile = job.dir().resolve(Orphans.PID_FILE);
        Files.writeString(pidFile, Long.toString(process.pid()));
        // A stop that came after the job left the queue but before its process was known to stop() finds
        // no process to kill; it is seen here instead (stopJob marks the job before it looks for the process).
        if (job.isStopRequested() || closing) {
            killTree(process.toHandle());
        }
        try {
            long limitMillis = (long) (job.walltimeHours() * 3_600_000);
            if (!process.waitFor(limitMillis, TimeUnit.MILLISECONDS)) {
                killTree(process.toHandle());
                appendLog(log, "hpc-sweep local platform: walltime of " + job.walltimeHours() + " h exceeded; job killed");
                return WALLTIME;
            }
            if (closing) {
                return PLATFORM_STOPPED;
            }
            return process.exitValue() == 0 ? SUCCESS : RUN_FAILED;
        } finally {
            running.remove(job.id());
            Files.deleteIfExists(pidFile);
        }
    }

    /** Stops a running job's whole process tree. */
    boolean stop(LocalJob job) {
        ProcessHandle process = running.get(job.id());
        if (process == null) {
            return false;
        }
        killTree(process);
        return true;
    }

    /** The platform stops: its running jobs are killed and end as stopped by it; queued ones stay queued. */
    void stopAll() {
        closing = true;
        running.values().forEach(JobRunner::killTree);
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

    private List<StoredFile> collectOutputs(Path work, Path log, Set<Path> inputs) throws IOException {
        List<StoredFile> outputs = new ArrayList<>();
        if (Files.isDirectory(work)) {
            try (Stream<Path> walk = Files.walk(work)) {
                // Not through links: a job's link to a platform file must not become its output.
                for (Path p : walk.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                    if (!inputs.contains(p)) {
                        outputs.add(files.registerOutput(p, work.relativize(p).toString().replace('\\', '/')));
                    }
                }
            }
        }
        if (Files.isRegularFile(log)) {
            outputs.add(files.registerOutput(log, PROCESS_OUTPUT));
        }
        return outputs;
    }

    private static void appendLog(Path log, String line) {
        try {
            Files.writeString(log, line + System.lineSeparator(), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", log, e.getMessage());
        }
    }
}
