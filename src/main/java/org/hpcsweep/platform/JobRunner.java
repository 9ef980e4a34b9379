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
 * someone else's code: it runs as the {@link JobUser} in a clean {@link JobEnvironment}.
 */
final class JobRunner {
    static final String SUCCESS = "Completed successfully";
    static final String RUN_FAILED = "A run failed";
    static final String STOPPED = "Job was stopped by user";
    static final String WALLTIME = "Exceeded walltime";
    static final String PROCESS_OUTPUT = "process_output.log";
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final FileStore files;
    private final SoftwareCatalogue software;
    private final JobUser user;
    private final Map<String, Process> running = new java.util.concurrent.ConcurrentHashMap<>();

    JobRunner(FileStore files, SoftwareCatalogue software, JobUser user) {
        this.files = files;
        this.software = software;
        this.user = user;
    }

    void run(LocalJob job) {
        if (job.isStopRequested()) {
            job.status(LocalJob.COMPLETED, STOPPED);
            return;
        }
        job.status(LocalJob.STARTED, null);
        Path work = job.dir().resolve("work");
        Path log = job.dir().resolve(PROCESS_OUTPUT);
        String reason;
        Set<Path> inputs = new HashSet<>();
        try {
            PlatformDirs.jobDir(job.dir());
            Files.createDirectories(work);
            inputs.addAll(stageInputs(job, work));
            if (job.useMpi()) {
                // Rescale's $HOME/machinefile; the platform's, not an output.
                Path machinefile = work.resolve(JobEnvironment.MACHINEFILE);
                Files.writeString(machinefile, JobEnvironment.machinefile(job));
                inputs.add(machinefile);
            }
            user.handOver(work);
            job.status(LocalJob.VALIDATED, null);
            job.status(LocalJob.EXECUTING, null);
            reason = execute(job, work, log);
        } catch (IOException e) {
            reason = RUN_FAILED;
            appendLog(log, "hpc-sweep local platform: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = STOPPED;
        }
        try {
            user.takeBack(work);
        } catch (IOException e) {
            LOG.warn("job {}: work dir not taken back from {}: {}", job.id(), user.name(), e.getMessage());
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

    private String execute(LocalJob job, Path work, Path log) throws IOException, InterruptedException {
        // The platform opens the log and changes into the work dir before the user switch.
        ProcessBuilder builder = new ProcessBuilder(user.command(job.command())).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(JobEnvironment.of(job, work, user.name(), software));
        Process process = builder.start();
        running.put(job.id(), process);
        // Kept while it runs, so that a platform started after this one died can stop it (Orphans).
        Path pidFile = job.dir().resolve(Orphans.PID_FILE);
        Files.writeString(pidFile, Long.toString(process.pid()));
        // A stop that came after the job left the queue but before its process was known to stop() finds
        // no process to kill; it is seen here instead (stopJob marks the job before it looks for the process).
        if (job.isStopRequested()) {
            kill(process);
        }
        try {
            long limitMillis = (long) (job.walltimeHours() * 3_600_000);
            if (!process.waitFor(limitMillis, TimeUnit.MILLISECONDS)) {
                kill(process);
                appendLog(log, "hpc-sweep local platform: walltime of " + job.walltimeHours() + " h exceeded; job killed");
                return WALLTIME;
            }
            return process.exitValue() == 0 ? SUCCESS : RUN_FAILED;
        } finally {
            running.remove(job.id());
            Files.deleteIfExists(pidFile);
        }
    }

    /** Stops a running job's whole process tree. */
    boolean stop(LocalJob job) {
        Process process = running.get(job.id());
        if (process == null) {
            return false;
        }
        kill(process);
        return true;
    }

    void stopAll() {
        running.values().forEach(JobRunner::kill);
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
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
